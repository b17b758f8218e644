import { Type } from 'typebox';
import { POLICY_RULES_JSON_SCHEMA, POLICY_TEMPLATES, validatePolicyRules } from '../../core/index.ts';
import type { Feature } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { actorOf } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { installAuth, NO_SUCH_RESOURCE, principalOf } from '../auth/auth-guard.ts';
import { sendError, errorResponses } from '../http/api-error.ts';
import { parseStoredPolicy, type StoredPolicy } from './event-policy.service.ts';
import { scanContexts } from './scan-context.cache.ts';

const Rules = Type.Object({
  maxEntries: Type.Union([Type.Integer(), Type.Null()]),
  maxEntriesPerDay: Type.Union([Type.Integer(), Type.Null()]),
  reentryRequiresExit: Type.Boolean(),
  cooldownSeconds: Type.Integer(),
  exitScans: Type.Boolean(),
  duplicateWindowSeconds: Type.Integer(),
  earlyGraceSeconds: Type.Integer(),
  lateGraceSeconds: Type.Integer(),
});
const PolicyView = Type.Object({
  template: Type.Union([Type.String(), Type.Null()]),
  rules: Rules,
  dayStartMinutes: Type.Integer(),
});
const PolicyUpdate = Type.Object({
  // A template name and/or individual rules; fields left out come from the template, or stay as they are.
  rules: Type.Unsafe<Record<string, unknown>>(POLICY_RULES_JSON_SCHEMA),
  dayStartMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1439 })),
}, { additionalProperties: false });
const Params = Type.Object({ eventId: Type.String({ format: 'uuid' }) });
const errors = errorResponses(400, 401, 403, 404);

/**
 * The scan policy of an event (DESIGN.md §3): which template it follows and its rules. Validation
 * is core's, so the console, the API and the engine agree on what a valid policy is. Door phones
 * pick up a change with their next manifest; online scans on this instance at once, on other
 * instances within the scan-context cache's few seconds.
 */
export const eventPolicyFeature: Feature = {
  name: 'event-policy',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/policy-templates', {
      schema: {
        operationId: 'listPolicyTemplates', tags: ['events'], summary: 'Scan policy templates and their rules',
        response: { 200: Type.Object({ templates: Type.Array(Type.Object({ name: Type.String(), rules: Rules })) }) },
      },
      config: { auth: 'public' },
    }, async () => ({ templates: Object.entries(POLICY_TEMPLATES).map(([name, rules]) => ({ name, rules: { ...rules } })) }));

    app.get('/api/v1/events/:eventId/policy', {
      schema: { operationId: 'getEventPolicy', tags: ['events'], summary: 'The event’s scan policy', params: Params, response: { 200: PolicyView, ...errors } },
      config: { auth: { action: 'event:read', resource: 'event' } },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const row = await withTenant(ctx.db, principal.tenantId, (trx) =>
        trx.selectFrom('events').select('policy').where('id', '=', request.params.eventId).executeTakeFirst());
      if (!row) return sendError(reply, 'not_found', NO_SUCH_RESOURCE);
      return parseStoredPolicy(row.policy);
    });

    app.put('/api/v1/events/:eventId/policy', {
      schema: {
        operationId: 'updateEventPolicy', tags: ['events'], summary: 'Change the event’s scan policy (template and/or rules)',
        params: Params, body: PolicyUpdate, response: { 200: PolicyView, ...errors },
      },
      config: { auth: { action: 'policy:manage', resource: 'event' } },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const result = await withTenant(ctx.db, principal.tenantId, async (trx) => {
        const row = await trx.selectFrom('events').select('policy').where('id', '=', request.params.eventId).forUpdate().executeTakeFirst();
        if (!row) return { error: 'not_found' as const, message: NO_SUCH_RESOURCE };
        const current = parseStoredPolicy(row.policy);
        const input = request.body.rules;
        // Without a template, omitted fields keep their current values.
        const validated = validatePolicyRules('template' in input ? input : { ...current.rules, ...input });
        if (!validated.ok) return { error: 'validation_failed' as const, message: validated.errors.join('; ') };
        const next: StoredPolicy = {
          template: typeof input.template === 'string' ? input.template as StoredPolicy['template'] : current.template,
          rules: validated.value,
          dayStartMinutes: request.body.dayStartMinutes ?? current.dayStartMinutes,
        };
        await trx.updateTable('events').set({ policy: JSON.stringify(next) }).where('id', '=', request.params.eventId).execute();
        const actor = actorOf(principal);
        await audit(trx, { tenantId: principal.tenantId, ...actor, action: 'event.policy_changed', subjectId: request.params.eventId,
          detail: { ...actor.detail, template: next.template, rules: next.rules } });
        return { policy: next };
      });
      if ('error' in result && result.error) return sendError(reply, result.error, result.message);
      scanContexts(ctx).invalidate(request.params.eventId);
      return result.policy;
    });
  },
};

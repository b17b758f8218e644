import { Type } from 'typebox';
import type { Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { SetupLink, SetupLinkBody } from '../../contracts/organizer.contract.ts';
import { createStaffMember, listStaff, updateStaffMember } from './staff.service.ts';
import { createStaffSetupLink } from './staff-setup-link.service.ts';
import { ERROR_RESPONSE as errorResponse, errorResponses } from '../http/api-error.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const Uuid = Type.String({ format: 'uuid' });
const Role = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('manager'), Type.Literal('staff')]);
const Scope = Type.Object({ venueId: Uuid, eventId: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false });
const StaffMember = Type.Object({
  id: Uuid, email: Type.String(), displayName: Type.String(), role: Role, active: Type.Boolean(), scopes: Type.Array(Scope),
});

/** Staff accounts and their venue/event scopes. */
export const staffFeature: Feature = {
  name: 'staff',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/staff', {
      schema: {
        operationId: 'listStaff', tags: ['staff'], summary: 'Staff accounts with roles and scopes',
        response: { 200: Type.Object({ staff: Type.Array(StaffMember) }), ...errors },
      },
      config: { auth: { action: 'staff:manage' } },
    }, async (request) => ({ staff: await listStaff(ctx, principalOf(request)) }));

    app.post('/api/v1/staff', {
      schema: {
        operationId: 'createStaffMember', tags: ['staff'],
        summary: 'Create a staff account; without a password one is generated and shown only in this answer',
        body: Type.Object({
          email: Type.String({ format: 'email', maxLength: 254 }),
          displayName: Type.String({ minLength: 1, maxLength: 200 }),
          role: Role,
          password: Type.Optional(Type.String({ minLength: 10, maxLength: 256 })),
          scopes: Type.Optional(Type.Array(Scope, { maxItems: 200 })),
        }, { additionalProperties: false }),
        response: { 201: Type.Intersect([StaffMember, Type.Object({ password: Type.Union([Type.String(), Type.Null()]) })]), ...errors },
      },
      config: { auth: { action: 'staff:manage' } },
    }, async (request, reply) => reply.code(201).send(await createStaffMember(ctx, principalOf(request), request.body)));

    app.patch('/api/v1/staff/:staffId', {
      schema: {
        operationId: 'updateStaffMember', tags: ['staff'],
        summary: 'Change name, role, scopes; `active: false` removes the person and ends their sessions at once',
        params: Type.Object({ staffId: Uuid }),
        body: Type.Object({
          displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          role: Type.Optional(Role),
          active: Type.Optional(Type.Boolean()),
          scopes: Type.Optional(Type.Array(Scope, { maxItems: 200 })),
        }, { additionalProperties: false }),
        response: { 200: StaffMember, ...errors },
      },
      config: { auth: { action: 'staff:manage', resource: 'staff' } },
    }, async (request) => updateStaffMember(ctx, principalOf(request), request.params.staffId, request.body));

    app.post('/api/v1/staff/:staffId/setup-link', {
      schema: {
        operationId: 'createStaffSetupLink', tags: ['staff'],
        summary: 'A one-time link (24 h) where the person sets their own password; `send: true` also emails it',
        params: Type.Object({ staffId: Uuid }), body: SetupLinkBody,
        response: { 201: SetupLink, ...errors, 503: errorResponse },
      },
      config: { auth: { action: 'staff:manage', resource: 'staff' } },
    }, async (request, reply) => reply.code(201).send(await createStaffSetupLink(ctx, principalOf(request), request.params.staffId, request.body)));
  },
};

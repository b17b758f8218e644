import type { Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { SetupLink, SetupLinkBody } from '../../contracts/organizer.contract.ts';
import { StaffCreate, StaffCreated, StaffList, StaffMember, StaffParams, StaffPatch } from '../../contracts/staff.contract.ts';
import { createStaffMember, listStaff, updateStaffMember } from './staff.service.ts';
import { createStaffSetupLink } from './staff-setup-link.service.ts';
import { ERROR_RESPONSE as errorResponse, errorResponses } from '../http/api-error.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);

/** Staff accounts and their venue/event scopes. */
export const staffFeature: Feature = {
  name: 'staff',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/staff', {
      schema: {
        operationId: 'listStaff', tags: ['staff'], summary: 'Staff accounts with roles and scopes',
        response: { 200: StaffList, ...errors },
      },
      config: { auth: { action: 'staff:manage' } },
    }, async (request) => ({ staff: await listStaff(ctx, principalOf(request)) }));

    app.post('/api/v1/staff', {
      schema: {
        operationId: 'createStaffMember', tags: ['staff'],
        summary: 'Create a staff account; without a password one is generated and shown only in this answer',
        body: StaffCreate,
        response: { 201: StaffCreated, ...errors },
      },
      config: { auth: { action: 'staff:manage' } },
    }, async (request, reply) => reply.code(201).send(await createStaffMember(ctx, principalOf(request), request.body)));

    app.patch('/api/v1/staff/:staffId', {
      schema: {
        operationId: 'updateStaffMember', tags: ['staff'],
        summary: 'Change name, role, scopes; `active: false` removes the person and ends their sessions at once',
        params: StaffParams,
        body: StaffPatch,
        response: { 200: StaffMember, ...errors },
      },
      config: { auth: { action: 'staff:manage', resource: 'staff' } },
    }, async (request) => updateStaffMember(ctx, principalOf(request), request.params.staffId, request.body));

    app.post('/api/v1/staff/:staffId/setup-link', {
      schema: {
        operationId: 'createStaffSetupLink', tags: ['staff'],
        summary: 'A one-time link (24 h) where the person sets their own password; `send: true` also emails it',
        params: StaffParams, body: SetupLinkBody,
        response: { 201: SetupLink, ...errors, 503: errorResponse },
      },
      config: { auth: { action: 'staff:manage', resource: 'staff' } },
    }, async (request, reply) => reply.code(201).send(await createStaffSetupLink(ctx, principalOf(request), request.params.staffId, request.body)));
  },
};

import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { BadRequestError } from '../../errors/index.js';
import { OrganizationStore } from '../../store/organizations/organization-store.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { identifier, parseBody } from './budget-fields.js';
import { actorOf, adminDatabase } from './organization-customer-budget-access.js';
import { organizationNotFound } from './organization-routes.js';

/** LiteLLM's organisation roles. */
export const ORGANIZATION_ROLES = ['org_admin', 'internal_user', 'internal_user_viewer'] as const;

/** LiteLLM's `OrgMember`: a user by id or email, with a role. */
const member = z.looseObject({
  user_id: z.optional(identifier),
  user_email: z.optional(z.string().check(z.minLength(3), z.maxLength(320))),
  role: z.enum(ORGANIZATION_ROLES),
});

/** LiteLLM's `OrganizationMemberAddRequest`: one member or a list. */
const memberAdd = z.looseObject({
  organization_id: identifier,
  member: z.union([member, z.array(member).check(z.minLength(1))]),
});

/**
 * `POST /organization/member_add`: adds users (creating unknown ones as `internal_user`); one already a
 * member gets the new role. Answers `{ organization_id, updated_users, updated_organization_memberships }`.
 */
export async function addOrganizationMembersHandler(context: RequestContext): Promise<GatewayResponse> {
  const organizations = new OrganizationStore(await adminDatabase(context));
  const body = parseBody(memberAdd, readJsonBody(context.request));
  const members = Array.isArray(body.member) ? body.member : [body.member];
  members.forEach((entry, index) => {
    if (entry.user_id === undefined && entry.user_email === undefined) {
      const param = Array.isArray(body.member) ? `member[${index}].user_id` : 'member.user_id';
      throw new BadRequestError({
        message: 'a member needs user_id or user_email',
        param,
        code: 'missing_required_parameter',
      });
    }
  });
  if (!(await organizations.find(body.organization_id))) throw organizationNotFound(body.organization_id);
  const { users, memberships } = await organizations.addMembers({
    organizationId: body.organization_id,
    members,
    actor: actorOf(context),
    newUserId: randomUUID,
  });
  return jsonResponse(200, {
    organization_id: body.organization_id,
    updated_users: users,
    updated_organization_memberships: memberships,
  });
}

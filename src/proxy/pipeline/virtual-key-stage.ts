import { AuthenticationError, BudgetExceededError } from '../../errors/index.js';
import type { CustomerRow } from '../../store/customers/customer-store.js';
import type { KeyRow } from '../../store/keys/key-store.js';
import type { TeamRow } from '../../store/teams/team-store.js';
import type { UserRow } from '../../store/users/user-store.js';
import { MasterKeyAuth, presentedKey } from '../auth.js';
import type { KeyAccess } from '../keys/key-access.js';
import { hashKey } from '../keys/key-material.js';
import type { KeyService } from '../keys/key-service.js';
import { callerMayUse } from '../keys/model-access.js';
import type { RequestContext } from './request-context.js';
import type { Stage } from './stage.js';

/**
 * Authenticates with the master key or a virtual key (LiteLLM's headers: `Authorization: Bearer`,
 * `x-api-key`, `api-key`, `x-litellm-api-key`), from the key cache: no database round trip per
 * request. Before the call, a key over its `max_budget` is refused (its recorded spend, at most a
 * second or two old: concurrent calls can overshoot by what they cost; reservations are to come), and
 * a key limited to some models is refused any other.
 */
export function virtualKeyStage(options: { masterKey: string; keys: KeyAccess }): Stage {
  const master = new MasterKeyAuth(options.masterKey);
  return {
    name: 'virtual-key',
    authenticate(context): void | Promise<void> {
      const key = presentedKey(context.request.headers) ?? litellmKeyHeader(context);
      // No key: the master-key check raises LiteLLM's "No api key passed in".
      if (key === undefined) master.check(context.request);
      // The master key is hashed once here (constant-time compare), never again by a second check.
      if (key === undefined || master.matches(key)) {
        context.caller.admin = true;
        return;
      }
      const token = hashKey(key);
      // No database open yet: no virtual key exists.
      const service = options.keys.current;
      const found = service?.cache.get(token);
      if (found instanceof Promise) return found.then((row) => admitKeyAndTeam(context, token, row, service));
      return admitKeyAndTeam(context, token, found, service);
    },
    beforeCall(context): void | Promise<void> {
      const { caller } = context;
      overBudget('key', caller.keySpend ?? 0, caller.keyMaxBudget);
      if (caller.teamBudget) overBudget(`team ${caller.teamId}`, caller.teamBudget.spend, caller.teamBudget.max);
      if (caller.userBudget) overBudget(`user ${caller.userId}`, caller.userBudget.spend, caller.userBudget.max);
      const model = context.model;
      if (model !== undefined && !callerMayUse(caller, model)) throw modelDenied(caller, model);
      // The end user (`user` in the body): a blocked one is refused.
      const endUser = context.callParams?.user;
      const customers = options.keys.current?.customers;
      if (typeof endUser !== 'string' || !customers) return;
      caller.endUserId = endUser;
      const customer = customers.get(endUser);
      if (customer instanceof Promise) return customer.then(refuseBlockedCustomer);
      return refuseBlockedCustomer(customer);
    },
  };
}

function modelDenied(caller: RequestContext['caller'], model: string): AuthenticationError {
  return new AuthenticationError({
    message: `key not allowed to access model. This key can only access models=${JSON.stringify(caller.models ?? [])}${caller.teamModels?.length ? ` (its team: ${JSON.stringify(caller.teamModels)})` : ''}. Tried to access ${model}`,
    code: 'key_model_access_denied',
    param: 'model',
  });
}

/** LiteLLM's `budget_exceeded` once recorded spend reaches a max budget. */
function overBudget(who: string, spend: number, maxBudget: number | null | undefined): void {
  if (maxBudget === null || maxBudget === undefined || spend < maxBudget) return;
  throw new BudgetExceededError({
    message: `Budget has been exceeded! ${who}: Current cost: ${spend}, Max budget: ${maxBudget}`,
    code: '400',
  });
}

function refuseBlockedCustomer(customer: CustomerRow | undefined): void {
  if (customer) overBudget(`end user ${customer.user_id}`, customer.spend, customer.max_budget);
  if (customer?.blocked) {
    throw new AuthenticationError({
      message: `Authentication Error - the end user ${customer.user_id} is blocked.`,
      code: 'customer_blocked',
    });
  }
}

function litellmKeyHeader(context: RequestContext): string | undefined {
  const value = context.request.headers['x-litellm-api-key'];
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.replace(/^Bearer\s+/i, '').trim() : undefined;
}

/** The key, then its team (from the team cache): a blocked team's keys are refused, its models bound the key's. */
function admitKeyAndTeam(
  context: RequestContext,
  token: string,
  row: KeyRow | undefined,
  service: KeyService | undefined,
): void | Promise<void> {
  admitKey(context, token, row);
  if (!row || !service) return;
  const team = row.team_id ? service.teams.get(row.team_id) : undefined;
  const user = row.user_id ? service.users.get(row.user_id) : undefined;
  if (team instanceof Promise || user instanceof Promise) {
    return Promise.all([team, user]).then(([foundTeam, foundUser]) => {
      admitTeam(context, foundTeam);
      admitUser(context, foundUser);
    });
  }
  admitTeam(context, team);
  admitUser(context, user);
}

function admitUser(context: RequestContext, user: UserRow | undefined): void {
  if (!user) return;
  if (user.max_budget != null) context.caller.userBudget = { spend: user.spend, max: user.max_budget };
  // LiteLLM's roles: a key of a `proxy_admin` user may do what the master key does.
  if (user.user_role === 'proxy_admin') context.caller.admin = true;
}

function admitTeam(context: RequestContext, team: TeamRow | undefined): void {
  if (!team) return;
  if (team.max_budget !== null) context.caller.teamBudget = { spend: team.spend, max: team.max_budget };
  if (team.blocked) {
    throw new AuthenticationError({
      message: `Authentication Error - the team ${team.team_id} is blocked.`,
      code: 'team_blocked',
    });
  }
  if (team.models.length > 0) context.caller.teamModels = team.models;
}

function admitKey(context: RequestContext, token: string, row: KeyRow | undefined): void {
  if (!row) {
    throw new AuthenticationError({
      message: 'Authentication Error, Invalid proxy server token passed.',
      code: '401',
    });
  }
  if (row.blocked) {
    throw new AuthenticationError({ message: 'Authentication Error, this key is blocked.', code: 'key_blocked' });
  }
  if (row.expires && row.expires.getTime() <= Date.now()) {
    throw new AuthenticationError({
      message: `Authentication Error - Expired Key. Key Expiry time ${row.expires.toISOString()}`,
      code: 'key_expired',
    });
  }
  const { caller } = context;
  caller.keyHash = token;
  if (row.key_alias) caller.keyAlias = row.key_alias;
  if (row.user_id) caller.userId = row.user_id;
  if (row.team_id) caller.teamId = row.team_id;
  if (row.organization_id) caller.organizationId = row.organization_id;
  caller.models = row.models;
  caller.keySpend = row.spend;
  if (row.max_budget !== null) caller.keyMaxBudget = row.max_budget;
}

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { BadRequestError } from '../../errors/index.js';
import type { AddressGuard } from '../../spec/transport.js';
import { ApiBaseAllowlist } from './api-base-allowlist.js';
import { blockedAddressReason } from './blocked-addresses.js';

/** How host names are resolved: the system resolver by default; tests and custom DNS may set another. */
export type ResolveHost = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

const systemResolve: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

const BLOCKED_HOSTNAMES = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal|instance-data|.*\.internal)$/i;

/**
 * The checks on a client-supplied api_base, compiled once from the allow-list. `checkApiBase`
 * refuses a bad URL early with a 400; the transport then asks `refusal` about every address it
 * resolves when it connects, so a name that answers a public address to the check and a private
 * one to the connection (DNS rebinding) is still refused.
 */
export class ApiBaseGuard implements AddressGuard {
  private readonly allowlist: ApiBaseAllowlist;
  readonly resolve: ResolveHost;

  constructor(options: { allowlist: readonly string[]; resolve?: ResolveHost | undefined }) {
    this.allowlist = new ApiBaseAllowlist(options.allowlist);
    this.resolve = options.resolve ?? systemResolve;
  }

  refusal(hostname: string, address?: string): string | undefined {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (this.allowlist.allowsHost(host)) return undefined;
    const target = address ?? (isIP(host) ? host : undefined);
    if (target === undefined) {
      return BLOCKED_HOSTNAMES.test(host) ? `it points at a local or metadata host (${host})` : undefined;
    }
    if (this.allowlist.allowsAddress(target)) return undefined;
    const reason = blockedAddressReason(target);
    if (reason !== undefined) return `it points at ${reason} (${host === target ? host : `${host} → ${target}`})`;
    return BLOCKED_HOSTNAMES.test(host) ? `it points at a local or metadata host (${host})` : undefined;
  }

  /**
   * Refuses (400) a base URL that is not http(s), carries a user or password, or whose host or any
   * address it resolves to is private, local or cloud metadata and not allow-listed.
   */
  async checkApiBase(apiBase: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(apiBase);
    } catch {
      throw rejectedApiBase('it is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw rejectedApiBase('only http and https are allowed');
    if (url.username || url.password) throw rejectedApiBase('credentials in the URL are not allowed');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (this.allowlist.allowsHost(host)) return;
    const hostRefusal = this.refusal(host);
    if (hostRefusal !== undefined) throw rejectedApiBase(hostRefusal);
    if (isIP(host)) return;
    let addresses: readonly { address: string }[];
    try {
      addresses = await this.resolve(host);
    } catch {
      throw rejectedApiBase(`its host (${host}) does not resolve`);
    }
    for (const { address } of addresses) {
      const refusal = this.refusal(host, address);
      if (refusal !== undefined) throw rejectedApiBase(refusal);
    }
  }
}

function rejectedApiBase(why: string): BadRequestError {
  return new BadRequestError({
    message: `Rejected Request: api_base is not allowed in request body; ${why}.`,
    param: 'api_base',
    code: 'rejected_param',
  });
}

import { BlockList, isIP } from 'node:net';
import { addressToCheck } from './blocked-addresses.js';

/** One entry of `general_settings.client_api_base_allowlist`. */
export type AllowlistEntry =
  | { kind: 'host'; host: string }
  | { kind: 'network'; address: string; prefix: number; family: 'ipv4' | 'ipv6' };

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

export const ALLOWLIST_ENTRY_EXPECTED = 'a host name, an IP address or a network such as 10.0.0.0/8';

/**
 * Reads one allow-list entry: an exact host name (matched whole, never as a suffix or substring),
 * an IP address, or a network in CIDR form. Returns `undefined` for anything else (`10.0.0.0/33`,
 * `https://host`, `*.example.com`), so the config can refuse it at load.
 * @example parseAllowlistEntry('10.0.0.0/8') // { kind: 'network', address: '10.0.0.0', prefix: 8, family: 'ipv4' }
 */
export function parseAllowlistEntry(entry: string): AllowlistEntry | undefined {
  const text = entry.trim().toLowerCase();
  const slash = text.lastIndexOf('/');
  const address = (slash === -1 ? text : text.slice(0, slash)).replace(/^\[|\]$/g, '');
  const family = isIP(address);
  if (family === 0)
    return slash === -1 && HOST_NAME.test(text) ? { kind: 'host', host: text.replace(/\.$/, '') } : undefined;
  const bits = family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { kind: 'network', address, prefix: Number(prefixText), family: family === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * `client_api_base_allowlist`, compiled once: hosts and networks a client's api_base may reach
 * even though they are private or local. Throws on an entry `parseAllowlistEntry` refuses.
 */
export class ApiBaseAllowlist {
  private readonly hosts = new Set<string>();
  private readonly networks = new BlockList();
  private hasNetworks = false;

  constructor(entries: readonly string[]) {
    const invalid: string[] = [];
    for (const entry of entries) {
      const parsed = parseAllowlistEntry(entry);
      if (!parsed) invalid.push(JSON.stringify(entry));
      else if (parsed.kind === 'host') this.hosts.add(parsed.host);
      else {
        this.networks.addSubnet(parsed.address, parsed.prefix, parsed.family);
        this.hasNetworks = true;
      }
    }
    if (invalid.length > 0) {
      throw new TypeError(
        `general_settings.client_api_base_allowlist: ${invalid.join(', ')} is not ${ALLOWLIST_ENTRY_EXPECTED}`,
      );
    }
  }

  /** Whether the host name itself is listed (exact match, case-insensitive). */
  allowsHost(hostname: string): boolean {
    return (
      this.hosts.size > 0 &&
      this.hosts.has(
        hostname
          .toLowerCase()
          .replace(/^\[|\]$/g, '')
          .replace(/\.$/, ''),
      )
    );
  }

  /** Whether a listed address or network holds this address (or the IPv4 address it carries). */
  allowsAddress(address: string): boolean {
    if (this.allowsHost(address)) return true;
    if (!this.hasNetworks) return false;
    const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const family = isIP(bare);
    if (family === 0) return false;
    if (this.networks.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const embedded = addressToCheck(bare);
    return typeof embedded === 'object' && embedded.address !== bare && this.networks.check(embedded.address, 'ipv4');
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiBaseAllowlist, parseAllowlistEntry } from './api-base-allowlist.js';
import { blockedAddressReason, ipv6Words } from './blocked-addresses.js';

describe('blockedAddressReason', () => {
  it('refuses loopback, private, link-local, CGNAT and reserved IPv4', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      assert.ok(blockedAddressReason(address), address);
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '2a00:1450:4001::200e']) {
      assert.equal(blockedAddressReason(address), undefined, address);
    }
  });

  it('judges IPv6 forms that carry an IPv4 address by that address', () => {
    const blocked = [
      '::ffff:127.0.0.1', // mapped
      '::ffff:7f00:1', // mapped, hex
      '::ffff:169.254.169.254',
      '::127.0.0.1', // IPv4-compatible
      '::a9fe:a9fe', // IPv4-compatible, hex 169.254.169.254
      '::ffff:0:10.0.0.1', // SIIT translated
      '64:ff9b::127.0.0.1', // NAT64
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '2002:a9fe:a9fe::1', // 6to4 of 169.254.169.254
      '::', // unspecified
      '::1',
      '[::1]',
      'fe80::1%eth0',
    ];
    for (const address of blocked) assert.ok(blockedAddressReason(address), address);
    for (const address of ['::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:0808:0808::1']) {
      assert.equal(blockedAddressReason(address), undefined, address);
    }
  });

  it('refuses Teredo and local-use NAT64, whose IPv4 is hidden', () => {
    assert.match(blockedAddressReason('2001:0:4136:e378:8000:63bf:3fff:fdd2') ?? '', /Teredo/);
    assert.match(blockedAddressReason('64:ff9b:1::a9fe:a9fe') ?? '', /NAT64/);
  });

  it('refuses what is not an address', () => {
    assert.ok(blockedAddressReason('example.com'));
  });

  it('reads IPv6 words, with and without a dotted tail', () => {
    assert.deepEqual(ipv6Words('::ffff:1.2.3.4'), [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    assert.deepEqual(ipv6Words('1::'), [1, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(ipv6Words('1::2::3'), undefined);
  });
});

describe('client_api_base_allowlist', () => {
  it('accepts host names, addresses and CIDRs', () => {
    assert.deepEqual(parseAllowlistEntry('10.0.0.0/8'), {
      kind: 'network',
      address: '10.0.0.0',
      prefix: 8,
      family: 'ipv4',
    });
    assert.deepEqual(parseAllowlistEntry('::1'), { kind: 'network', address: '::1', prefix: 128, family: 'ipv6' });
    assert.deepEqual(parseAllowlistEntry('Models.Internal.example'), { kind: 'host', host: 'models.internal.example' });
  });

  it('refuses out-of-range prefixes, URLs, wildcards and junk', () => {
    for (const entry of [
      '10.0.0.0/33',
      '::/129',
      '10.0.0.0/-1',
      '10.0.0.0/8x',
      'https://host',
      '*.example.com',
      'a b',
      '',
      'host/8',
    ]) {
      assert.equal(parseAllowlistEntry(entry), undefined, entry);
    }
    assert.throws(() => new ApiBaseAllowlist(['ok.example', '10.0.0.0/33']), /"10\.0\.0\.0\/33" is not a host name/);
  });

  it('matches host names whole, never as a suffix or substring', () => {
    const allowlist = new ApiBaseAllowlist(['models.internal.example']);
    assert.equal(allowlist.allowsHost('models.internal.example'), true);
    assert.equal(allowlist.allowsHost('MODELS.internal.example.'), true);
    assert.equal(allowlist.allowsHost('evil-models.internal.example'), false);
    assert.equal(allowlist.allowsHost('models.internal.example.evil.com'), false);
  });

  it('matches addresses inside listed networks, also in their IPv4-mapped form', () => {
    const allowlist = new ApiBaseAllowlist(['10.0.0.0/8', 'fd00::/8']);
    assert.equal(allowlist.allowsAddress('10.2.3.4'), true);
    assert.equal(allowlist.allowsAddress('::ffff:10.2.3.4'), true);
    assert.equal(allowlist.allowsAddress('fd12::1'), true);
    assert.equal(allowlist.allowsAddress('11.0.0.1'), false);
    assert.equal(allowlist.allowsAddress('127.0.0.1'), false);
  });
});

import { describe, expect, it } from 'vitest';
import { isLoopbackHostname } from '../../src';

// The hosts a signature may reach in cleartext (the client) and the mock takes as its own machine. Expected values
// from the RFCs: 127.0.0.0/8 and ::1 are loopback (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3), ::ffff:a.b.c.d is an IPv4
// address over IPv6 (RFC 4291 §2.5.5.2). *.localhost only "should" resolve there (RFC 6761 §6.3): Node's resolver may
// ask mDNS or DNS (round 25 verifier, D3), so it is not taken.
describe('isLoopbackHostname', () => {
  const hostname = (url: string) => new URL(url).hostname;

  it.each([
    'http://localhost:4010/',
    'http://LOCALHOST/',
    'http://127.0.0.1/',
    'http://127.200.3.4/',
    'http://[::1]:4010/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:127.255.255.254]/',
  ])('%s is loopback', (url) => {
    expect(isLoopbackHostname(hostname(url))).toBe(true);
  });

  it.each([
    'http://api.elections.kalshi.com/',
    'http://localhost.evil.example/',
    'http://evillocalhost/',
    'http://127.0.0.1.evil.example/',
    'http://128.0.0.1/',
    'http://[::2]/',
    'http://[::ffff:10.0.0.1]/',
    // Public addresses whose mapped form starts "[::ffff:7f" (verifier D1): 7.240.0.1 and 0.127.0.1.
    'http://[::ffff:7.240.0.1]/',
    'http://[::ffff:0.127.0.1]/',
    'http://mock.localhost/',
    'http://0.0.0.0/',
  ])('%s is not loopback', (url) => {
    expect(isLoopbackHostname(hostname(url))).toBe(false);
  });
});

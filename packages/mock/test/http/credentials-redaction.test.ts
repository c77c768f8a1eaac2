import { inspect } from 'node:util';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { describe, expect, it } from 'vitest';
import { createKalshiMock } from '../../src';
import { setupKalshiMockServer, startKalshiMockServer } from '../../src/node';

// The mock's keys print as `[REDACTED]`, as @org/kalshi-auth's signer and env credentials do (round 22, A12: the
// credentials, each user, the mock and startKalshiMockServer's result printed the PEM). The key itself stays an
// enumerable string: users spread `{ ...kalshi.credentials }` into createKalshiClient and `kalshi-mock serve
// --credentials-out` writes it as JSON (README). The notes are silent (the mock's own API).
const mine = generateKeyPairSync();
const leaks = (text: string) => text.includes('PRIVATE KEY') || text.includes(mine.privateKeyPem.slice(40, 100));

describe('printing the mock never shows a private key', () => {
  it('in the credentials, each user, and the mock itself, the key kept for spreads and JSON', () => {
    const mock = createKalshiMock({ credentials: { keyId: mine.keyId, privateKey: mine.privateKeyPem }, users: 1 });
    try {
      for (const shown of [
        inspect(mock.credentials),
        inspect(mock.users, { depth: 4 }),
        inspect(mock, { depth: 4 }),
        inspect(mock.users[0]),
      ]) {
        expect(leaks(shown), shown.slice(0, 400)).toBe(false);
      }
      expect(inspect(mock.credentials)).toContain("privateKey: '[REDACTED]'");
      expect(inspect(mock.users[0])).toContain("privateKeyPem: '[REDACTED]'");
      expect({ ...mock.credentials }.privateKey).toBe(mine.privateKeyPem);
      expect(JSON.parse(JSON.stringify(mock.credentials))).toMatchObject({
        keyId: mine.keyId,
        privateKey: mine.privateKeyPem,
        privateKeyPem: mine.privateKeyPem,
      });
      expect(Object.keys(mock.users[0]!)).toContain('privateKey');
    } finally {
      mock.dispose();
    }
  });

  it("in setupKalshiMockServer's credentials and users, still spread with the key", () => {
    const kalshi = setupKalshiMockServer({ users: 1 });
    const shown = `${inspect(kalshi.credentials)}\n${inspect(kalshi.users, { depth: 4 })}`;
    expect(leaks(shown) || shown.includes(kalshi.credentials.privateKey.slice(40, 100))).toBe(false);
    expect(shown).toContain("privateKey: '[REDACTED]'");
    expect({ ...kalshi.users[0]! }.privateKey).toContain('PRIVATE KEY');
  });

  it("in startKalshiMockServer's result", async () => {
    const server = await startKalshiMockServer({ port: 0, users: 1, pingIntervalMs: 0 });
    try {
      const shown = inspect(server, { depth: 4 });
      expect(leaks(shown) || shown.includes(server.mock.credentials.privateKey.slice(40, 100))).toBe(false);
      expect(shown).toContain('[REDACTED]');
    } finally {
      await server.close();
    }
  });
});

import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';

it('without credentials: runs against a mock exchange on loopback, placing and canceling a resting order', async () => {
  const lines: string[] = [];
  await runDemo({ env: {}, log: (line) => lines.push(line) });
  expect(lines[0]).toMatch(
    /^No KALSHI_API_KEY_ID set: using the mock exchange at http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2\.$/,
  );
  expect(lines).toContainEqual(expect.stringMatching(/^Exchange active: true, trading: true$/));
  // A 1¢ YES bid rests (it crosses nothing) at YES 0.0100 for 1 contract.
  expect(lines).toContainEqual(expect.stringMatching(/^Placed \S+: resting, 1\.00 at YES 0\.0100$/));
  expect(lines.at(-1)).toMatch(/^Canceled \S+$/);
}, 60_000);

describe('with credentials in the environment', () => {
  // msw answers Kalshi's demo host here, and the mock's registered key stands in for the user's demo key.
  const kalshi = setupKalshiMockServer();
  const hosts = new Set<string>();
  beforeAll(() => {
    kalshi.listen();
    kalshi.server.events.on('request:start', ({ request }) => {
      hosts.add(new URL(request.url).host);
    });
  });
  afterAll(() => kalshi.server.close());

  it("talks to Kalshi's demo host with that key", async () => {
    const lines: string[] = [];
    const env = { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem };
    await runDemo({ env, log: (line) => lines.push(line) });
    expect(lines[0]).toBe(`Using Kalshi's demo environment with API key ${kalshi.credentials.keyId}.`);
    expect([...hosts]).toEqual(['external-api.demo.kalshi.co']);
    expect(lines.at(-1)).toMatch(/^Canceled \S+$/);
  });

  // Kalshi's reads lag its writes (kalshi-api-notes §5.11): the read-back of a fresh order may fail. The demo's
  // order is canceled all the same, and the read's error still reaches the user.
  it('cancels its order when reading it back fails', async () => {
    kalshi.faults.add({ kind: 'status', status: 500, operation: 'GetOrder', times: 3 });
    const lines: string[] = [];
    const env = { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem };
    const error = await runDemo({ env, log: (line) => lines.push(line) }).catch((e: unknown) => e);
    kalshi.faults.clear();
    expect(error).toMatchObject({ status: 500, operationId: 'GetOrder' });
    expect(lines.at(-1)).toMatch(/^Canceled \S+$/);
    expect(kalshi.inspect.orders().filter((order) => order.status === 'resting')).toEqual([]);
  });
});

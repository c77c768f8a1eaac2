import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import controlApi from '../../control-api.json';
import { ControlInputError, createKalshiMock } from '../../src';
import { channels } from '../../src/generated/asyncapi';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';

// R-D6: a stream or command fault with a misspelt channel or command was accepted and never fired (a resilience test
// passed without testing anything). As for operations (operation-names.test.ts), a typo is a type error and, at run
// time, an error naming the nearest name. The sets are the AsyncAPI spec's: its `channels` a client subscribes to and
// the `cmd` of the commands a client sends (kalshi-api-notes is silent on faults: they are the mock's own).
let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 5 });
});
afterAll(() => server.close());

it('refuses an unknown stream channel, suggesting the nearest', () => {
  const { faults } = createKalshiMock({ seed: 1 });
  // @ts-expect-error not a channel of the spec
  expect(() => faults.add({ stream: 'orderbook', kind: 'skip-seq' })).toThrow(
    /^stream: "orderbook" is not a channel of the API or \*; did you mean "orderbook_delta"\?$/,
  );
  // @ts-expect-error not a channel of the spec
  expect(() => faults.add({ stream: 'orderbok_delta', kind: 'drop' })).toThrow(/did you mean "orderbook_delta"\?/);
  expect(faults.list()).toEqual([]);
});

it('refuses an unknown command, suggesting the nearest', () => {
  const { faults } = createKalshiMock({ seed: 1 });
  // @ts-expect-error not a command of the spec
  expect(() => faults.add({ command: 'subscrbe', kind: 'error', code: 18 })).toThrow(
    /^command: "subscrbe" is not a command of the API or \*; did you mean "subscribe"\?$/,
  );
  expect(faults.list()).toEqual([]);
});

it('refuses a stale-read operation other than the order reads in the types too', () => {
  const { faults } = createKalshiMock({ seed: 1 });
  // @ts-expect-error a stale-read fault applies to GetOrder or GetOrders only
  expect(() => faults.add({ operation: 'GetOrdr', kind: 'stale-read', lagMs: 300 })).toThrow(ControlInputError);
  faults.add({ operation: 'GetOrders', kind: 'stale-read', lagMs: 300 });
  faults.add({ operation: 'GET /portfolio/orders/{order_id}', kind: 'stale-read', lagMs: 300 });
});

it('accepts every channel and command of the spec, and *', () => {
  const { faults } = createKalshiMock({ seed: 1 });
  for (const stream of [...channels, '*'] as const) faults.add({ stream, kind: 'drop' });
  for (const command of ['subscribe', 'unsubscribe', 'update_subscription', 'list_subscriptions', '*'] as const)
    faults.add({ command, kind: 'error', code: 18 });
  expect(faults.list()).toHaveLength(channels.length + 6);
});

it('answers POST /_mock/faults with 400 and the suggestion, adding none of the batch', async () => {
  const control = `${server.url.replace('/trade-api/v2', '')}/_mock`;
  const response = await fetch(`${control}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      { stream: 'ticker', kind: 'drop' },
      { command: 'update_subscripton', kind: 'error', code: 18 },
    ]),
  });
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe('invalid_parameters');
  expect(body.error.details).toMatch(/^\[1\]\.command: "update_subscripton" .*did you mean "update_subscription"\?/);
  expect(server.mock.faults.list()).toEqual([]);
});

it('keeps control-api.json in step: its Channel and Command enums are the spec names and *', () => {
  const schemas = controlApi.components.schemas as Record<string, { enum?: string[] }>;
  expect(schemas.Channel?.enum).toEqual([...channels, '*']);
  // The generated Command union's `cmd` values: the spec's commands.
  const generated = readFileSync(new URL('../../src/generated/asyncapi.ts', import.meta.url), 'utf8');
  const commands = [...new Set([...generated.matchAll(/^\s*cmd: "([a-z_]+)";$/gm)].map((m) => m[1]))];
  expect(commands).toHaveLength(4);
  expect(schemas.Command?.enum).toEqual([...commands, '*']);
});

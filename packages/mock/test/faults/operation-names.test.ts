import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKalshiMock } from '../../src';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';

// Issue 17 item 4: a mistyped operation used to be accepted and never fire. It is a type error, and at run time an
// error naming the nearest operation (the spec's operationIds: CreateOrderV2 exists, CreateOrderV3 does not).
let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 5 });
});
afterAll(() => server.close());

it('refuses an unknown operationId, suggesting the nearest', () => {
  const { faults } = createKalshiMock({ seed: 1 });
  // @ts-expect-error not an operationId of the spec
  expect(() => faults.add({ operation: 'CreateOrderV3', kind: 'network-error' })).toThrow(
    /operation: "CreateOrderV3" is not an operationId.*did you mean "CreateOrderV2"\?/,
  );
  // @ts-expect-error methods are upper case
  expect(() => faults.add({ operation: 'post /portfolio/events/orders', kind: 'network-error' })).toThrow(
    /did you mean "POST \/portfolio\/events\/orders"\?/,
  );
  expect(faults.list()).toEqual([]);
});

it('suggests nothing for a name near no operation', () => {
  const { faults } = createKalshiMock({ seed: 1 });
  // @ts-expect-error not an operationId of the spec
  expect(() => faults.add({ operation: 'Zzzzzzzzzzzzzzzzzzzzzzzzz', kind: 'network-error' })).toThrow(
    /^operation: "Zzzzzzzzzzzzzzzzzzzzzzzzz" is not an operationId or METHOD \/path-template of the API$/,
  );
});

it('accepts the operationId and METHOD /path spellings the types allow', () => {
  const { faults } = createKalshiMock({ seed: 1 });
  faults.add({ operation: 'CreateOrderV2', kind: 'network-error' });
  faults.add({ operation: 'DELETE /portfolio/events/orders/{order_id}', kind: 'network-error' });
  expect(faults.list()).toHaveLength(2);
});

it('answers POST /_mock/faults with 400 and the suggestion', async () => {
  const control = `${server.url.replace('/trade-api/v2', '')}/_mock`;
  const response = await fetch(`${control}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operation: 'CancelOrderV3', kind: 'network-error' }),
  });
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe('invalid_parameters');
  expect(body.error.details).toMatch(/^operation: "CancelOrderV3" .*did you mean "CancelOrderV2"\?/);
  expect(server.mock.faults.list()).toEqual([]);
});

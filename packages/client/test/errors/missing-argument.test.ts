import { expect, it } from 'vitest';
import { cancelOrders, createKalshiClient, type KalshiClient, KalshiValidationError, paginate } from '../../src';
import { BASE, json, observedClient } from '../helpers';

// E-D3. The standard: every failure a caller sees is one of the hierarchy, and bad input gets an error naming
// the field. A helper called without its argument object (a JS caller, `any`) threw a raw TypeError ("Cannot read
// properties of undefined"), which `catch (e) { if (e instanceof KalshiError) … }` misses. Notes silent (client API).

const failure = (run: () => unknown) =>
  Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (error: unknown) => error,
    );

const helpers: [string, (client: KalshiClient, value: unknown) => unknown][] = [
  ['placeOrder', (client, value) => client.placeOrder(value as never)],
  ['amendOrder', (client, value) => client.amendOrder(value as never)],
  ['decreaseOrder', (client, value) => client.decreaseOrder(value as never)],
  ['cancelOrder', (client, value) => client.cancelOrder(value as never)],
];

it.each(helpers)('%s without its input: KalshiValidationError naming input, nothing sent', async (_, call) => {
  const { client, requests } = await observedClient(() => json({}));
  for (const value of [undefined, null, 'T']) {
    const error = await failure(() => call(client, value));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'input' });
    expect((error as Error).message).toMatch(/^input: expected an object, got (undefined|null|a string)(: .+)?$/);
  }
  expect(requests).toHaveLength(0);
});

// Round 32 (a new user): `cancelOrder('<order id>')` and `cancelOrders(kalshi, ids)` were refused as "expected an
// object", with nothing saying which object; the message shows where the id goes. The notes are silent (client API).
it.each([
  ['cancelOrder', (client: KalshiClient) => client.cancelOrder('o-1' as never), 'cancelOrder({ orderId })'],
  ['amendOrder', (client: KalshiClient) => client.amendOrder('o-1' as never), 'amendOrder({ orderId })'],
  ['decreaseOrder', (client: KalshiClient) => client.decreaseOrder('o-1' as never), 'decreaseOrder({ orderId })'],
])('%s given an order id alone says where the id goes, nothing sent', async (_, call, meant) => {
  const { client, requests } = await observedClient(() => json({}));
  const error = await failure(() => call(client));
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({
    field: 'input',
    message: `input: expected an object, got a string: an order id goes in ${meant}`,
  });
  expect(requests).toHaveLength(0);
});

it('cancelOrders given an array of ids says where they go, nothing sent', async () => {
  const { client, requests } = await observedClient(() => json({}));
  const error = await failure(() => cancelOrders(client, ['o-1', 'o-2'] as never));
  expect(error).toMatchObject({
    field: 'input',
    message: 'input: expected an object of options, got an array: order ids go in cancelOrders(kalshi, { orderIds })',
  });
  expect(requests).toHaveLength(0);
});

it('paginate without a client: KalshiValidationError naming client', async () => {
  const error = await failure(async () => {
    for await (const _ of paginate(undefined as never, '/markets'));
  });
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'client' });
});

it('client.paginate without a path: KalshiValidationError naming path', async () => {
  const { client } = await observedClient(() => json({}));
  const error = await failure(() => client.paginate(undefined as never));
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'path' });
});

it('createKalshiClient(null): KalshiValidationError naming options', async () => {
  const error = await failure(() => createKalshiClient(null as never));
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'options', message: 'options: expected an object, got null' });
  await expect(createKalshiClient({ baseUrl: BASE })).resolves.toBeDefined();
});

import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/generated/manifest';
import { exampleOf } from '../../src/schema/examples';
import { parametersOf, requestBodySchema, successResponse } from '../../src/schema/spec';
import { escapePointer, validatorAt } from '../../src/schema/validate';
import { type Harness, harness, order } from '../helpers';

// Iterates the manifest: every operation of the spec, none listed by hand.
const all = Object.values(operations);

let h: Harness;
let ticker: string;
let eventTicker: string;
let seriesTicker: string;

beforeAll(async () => {
  h = await harness({ seed: 7 });
  const market = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!;
  ticker = market.ticker;
  eventTicker = market.eventTicker;
  seriesTicker = h.mock.exchange.events.get(eventTicker)!.seriesTicker;
});

const ctx = () => ({ now: () => h.mock.exchange.now(), id: () => h.mock.exchange.newId() });

/** A resting order of the test user, for operations that act on one. */
async function restingOrderId(): Promise<string> {
  const { body } = await h.call('POST', '/portfolio/events/orders', order(ticker));
  return body.order_id;
}

async function pathValue(name: string): Promise<string> {
  switch (name) {
    case 'ticker':
      return ticker;
    case 'event_ticker':
      return eventTicker;
    case 'series_ticker':
      return seriesTicker;
    case 'order_id':
      return restingOrderId();
    case 'order_group_id': {
      // Order groups are state now (issue 14): one of the test user's.
      const { body } = await h.call('POST', '/portfolio/order_groups/create', { contracts_limit: 10 });
      return body.order_group_id;
    }
    default:
      return 'example-id';
  }
}

/** Request bodies the engine checks against its state (an order on a real market, ids that exist). */
async function bodyFor(operationId: string, fallback: unknown): Promise<unknown> {
  switch (operationId) {
    case 'CreateOrderV2':
      return order(ticker);
    case 'BatchCreateOrdersV2':
      return { orders: [order(ticker), order(ticker, { price: '0.0200' })] };
    case 'AmendOrderV2':
      return { ticker, side: 'bid', price: '0.0300', count: '2' };
    case 'DecreaseOrderV2':
      return { reduce_by: '1' };
    // The spec's examples send contracts_limit and contracts_limit_fp that differ, which the spec forbids.
    case 'CreateOrderGroup':
      return { contracts_limit: 10 };
    case 'UpdateOrderGroupLimit':
      return { contracts_limit_fp: '20.00' };
    case 'BatchCancelOrdersV2':
      return { orders: [{ order_id: await restingOrderId() }] };
    default:
      return fallback;
  }
}

describe.each(all)('$operationId ($method $path)', (op) => {
  it('answers a valid request with a success response that validates against the spec', async () => {
    let path: string = op.path;
    const query = new URLSearchParams();
    for (const param of parametersOf(op)) {
      if (param.in === 'path') path = path.replace(`{${param.name}}`, encodeURIComponent(await pathValue(param.name)));
      else if (param.in === 'query' && param.required) {
        const value = /^(market_)?tickers?$/.test(param.name) ? ticker : exampleOf(param.schema, ctx());
        query.set(param.name, Array.isArray(value) ? value.join(',') : String(value));
      }
    }
    const schema = requestBodySchema(op);
    const body = schema ? await bodyFor(op.operationId, exampleOf(schema, ctx())) : undefined;
    const url = query.size ? `${path}?${query}` : path;
    const response = await h.call(op.method.toUpperCase(), url, body);

    const success = successResponse(op);
    expect(response.status, JSON.stringify(response.body)).toBe(success.status);
    if (success.schema) {
      const pointer = `#/paths/${escapePointer(op.path)}/${op.method}/responses/${success.status}/content/application~1json/schema`;
      const validate = validatorAt(pointer);
      const valid = validate(response.body);
      expect(valid, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });
});

it('covers every operation of the manifest (117 in spec 3.31.0)', () => {
  expect(all.length).toBeGreaterThanOrEqual(117);
});

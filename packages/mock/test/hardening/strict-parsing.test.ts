import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { type Harness, harness, order } from '../helpers';
import { rawRequest } from '../raw-http';

// Defect 5 of issue 13: parsing as strict as Kalshi's Go gateway (kalshi-api-notes §3): query integers as Go's
// strconv reads them (bare `{msg}` 400), JSON numbers Go will not put in an integer field (flat `bad_request`),
// a JSON content type (`invalid_content_type`, §5.14), a body cap and string limits.
let h: Harness;
let ticker: string;
beforeEach(async () => {
  h = await harness({ seed: 2 });
  ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

describe('query integers', () => {
  it.each(['0x10', '1e2', ' 1 ', 'Infinity', '1.0', '', '99999999999999999999'])(
    'rejects limit=%j with the gateway message',
    async (limit) => {
      const response = await h.call('GET', `/markets?limit=${encodeURIComponent(limit)}`);
      expect(response.status).toBe(400);
      expect(response.body.msg).toMatch(/^Parameter validation failed for GetMarkets: limit/);
    },
  );

  it('accepts a plain integer', async () => {
    const response = await h.call('GET', '/markets?limit=2');
    expect(response.status).toBe(200);
    expect(response.body.markets).toHaveLength(2);
  });
});

// Query booleans as Kalshi's Go gateway reads them. The notes are silent on boolean spellings; the evidence (tester K,
// K-D8) is that the spec is oapi-codegen's (`x-oapi-codegen-extra-tags`, `x-go-type-skip-optional-pointer`) and the
// recorded errors are Go texts (notes §3.1), and oapi-codegen binds a query boolean with Go's strconv.ParseBool: 1, t,
// T, TRUE, true, True and 0, f, F, FALSE, false, False. Python `requests` sends `params={"x": True}` as `x=True`.
describe('query booleans', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('reads with_nested_markets=%s as true', async (value) => {
    const response = await h.call('GET', `/events?limit=1&with_nested_markets=${value}`);
    expect(response.status).toBe(200);
    expect(response.body.events[0].markets?.length).toBeGreaterThan(0);
  });

  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('reads with_nested_markets=%s as false', async (value) => {
    const response = await h.call('GET', `/events?limit=1&with_nested_markets=${value}`);
    expect(response.status).toBe(200);
    expect(response.body.events[0].markets).toBeUndefined();
  });

  it.each(['yes', 'tRUE', '2', '', ' true'])('refuses with_nested_markets=%j naming it', async (value) => {
    const response = await h.call('GET', `/events?with_nested_markets=${encodeURIComponent(value)}`);
    expect(response.status).toBe(400);
    expect(response.body.msg).toBe('Parameter validation failed for GetEvents: with_nested_markets must be boolean');
  });
});

// A GET has no body: a missing required query parameter is named as one, in the gateway's bare msg (notes §3.1, which
// record Kalshi's wording only for an out-of-range limit; the mock's own words, naming the parameter).
// The spec's array query parameters are all `style: form, explode: true`: several values repeat the parameter
// (GetStructuredTargets: "Pass multiple IDs by repeating the parameter (e.g. `?ids=uuid1&ids=uuid2`)"; notes §6.3
// `GET /markets/orderbooks?tickers=A&tickers=B`). A comma inside one value is no separator there (an exploded array
// takes each value whole, as oapi-codegen's binding does): the mock split it and answered two order books, where
// Kalshi sees one ticker `A,B`. No ticker, id or percentile holds a comma (notes §6.6), so the notes being silent on
// Kalshi's answer, the mock refuses the value in the gateway's bare shape, naming the parameter and what was sent.
describe('array query parameters take one value per repeat', () => {
  it('refuses tickers=A,B on GET /markets/orderbooks, naming tickers, and takes tickers=A&tickers=B', async () => {
    const [a, b] = [...h.mock.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
    const refused = await h.call('GET', `/markets/orderbooks?tickers=${a},${b}`);
    expect(refused).toEqual({
      status: 400,
      type: 'default',
      body: {
        msg: `Parameter validation failed for GetMarketOrderbooks: tickers takes one value per repeat (tickers=a&tickers=b), got "${a},${b}"`,
      },
    });
    const repeated = await h.call('GET', `/markets/orderbooks?tickers=${a}&tickers=${b}`);
    expect(repeated.body.orderbooks.map((o: { ticker: string }) => o.ticker)).toEqual([a, b]);
  });

  // A ticker given twice is answered twice, not refused nor merged: "Returns one orderbook per requested market
  // ticker" (spec GetMarketOrderbooks), and Kalshi's own validate tag for `tickers` (`required,min=1,max=100,dive,
  // max=200`) has no `unique`. The notes are silent; the spec's word is followed.
  it('answers a repeated ticker once per repeat, in the order asked', async () => {
    const [a, b] = [...h.mock.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
    const answered = await h.call('GET', `/markets/orderbooks?tickers=${a}&tickers=${b}&tickers=${a}`);
    expect(answered.body.orderbooks.map((o: { ticker: string }) => o.ticker)).toEqual([a, b, a]);
  });

  it('refuses ids=x,y on GET /structured_targets rather than reading two ids', async () => {
    const [x, y] = (await h.call('GET', '/structured_targets')).body.structured_targets.map(
      (t: { id: string }) => t.id,
    );
    const refused = await h.call('GET', `/structured_targets?ids=${x},${y}`);
    expect(refused.status).toBe(400);
    expect(refused.body.msg).toMatch(/: ids takes one value per repeat/);
    expect((await h.call('GET', `/structured_targets?ids=${x}&ids=${y}`)).body.structured_targets).toHaveLength(2);
  });
});

describe('missing required query parameters', () => {
  it.each([
    ['/series/KXS/markets/KXS-1/candlesticks?start_ts=1&end_ts=2', 'GetMarketCandlesticks', 'period_interval'],
    ['/markets/orderbooks', 'GetMarketOrderbooks', 'tickers'],
    ['/markets/candlesticks?start_ts=1&end_ts=2&period_interval=1', 'BatchGetMarketCandlesticks', 'market_tickers'],
  ])('GET %s names the missing parameter', async (path, operationId, name) => {
    const response = await h.call('GET', path, undefined, false);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ msg: `Parameter validation failed for ${operationId}: ${name} is required` });
  });

  // Round 46 (K3): a required parameter sent empty names nothing. The spec makes these `required: true`
  // (BatchGetMarketCandlesticks market_tickers: "Comma-separated list of market tickers (maximum 100)"; tickers
  // `validate: required,min=1`); an empty one answered `{"markets":[]}`, `{"live_datas":[]}`. The notes are silent on an
  // empty value: where unsure, the mock refuses (code green here is then not refused by Kalshi).
  it.each([
    [
      '/markets/candlesticks?market_tickers=&start_ts=1&end_ts=2&period_interval=1',
      'BatchGetMarketCandlesticks',
      'market_tickers',
    ],
    ['/markets/orderbooks?tickers=', 'GetMarketOrderbooks', 'tickers'],
    ['/live_data/batch?milestone_ids=', 'GetLiveDatas', 'milestone_ids'],
  ])('GET %s names the parameter sent empty', async (path, operationId, name) => {
    const response = await h.call('GET', path);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      msg: `Parameter validation failed for ${operationId}: ${name} is required, got an empty value`,
    });
  });

  it('GET /markets/candlesticks with market_tickers of commas alone names the parameter', async () => {
    const response = await h.call(
      'GET',
      '/markets/candlesticks?market_tickers=,&start_ts=1&end_ts=2&period_interval=1',
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details).toBe('market_tickers: no ticker, got ","');
  });
});

// Spec 3.31.0: LimitQuery (GetFills, GetOrders, GetSettlements, …) is `minimum: 1` with the validate tag
// `omitempty,min=1,max=1000`; oapi-codegen makes it a pointer (no `x-go-type-skip-optional-pointer`), and
// go-playground's omitempty skips only a nil pointer, so a sent 0 meets `min=1`. TransfersLimitQuery skips the
// pointer: its 0 is Go's zero value, omitted, the default page. MarketLimitQuery allows 0 (`minimum: 0`). The notes
// record no answer to limit=0 (only -1 and 1001: 400, §3.2); where unsure, the mock refuses.
describe('limit=0 follows each list’s schema and validate tag', () => {
  it.each([
    ['/portfolio/fills', 'GetFills'],
    ['/portfolio/orders', 'GetOrders'],
    ['/portfolio/settlements', 'GetSettlements'],
    ['/portfolio/positions', 'GetPositions'],
  ])('%s?limit=0 is refused naming limit', async (path, operationId) => {
    const zero = await h.call('GET', `${path}?limit=0`);
    expect(zero.status).toBe(400);
    expect(zero.body.msg).toMatch(new RegExp(`^Parameter validation failed for ${operationId}: limit`));
  });

  it.each(['/markets', '/portfolio/intra_exchange_instance_transfers'])(
    '%s?limit=0 answers as without limit',
    async (path) => {
      const without = await h.call('GET', path);
      const zero = await h.call('GET', `${path}?limit=0`);
      expect(zero.status, JSON.stringify(zero.body)).toBe(200);
      expect(zero.body).toEqual(without.body);
    },
  );

  it('refuses limit=1001 everywhere', async () => {
    const fills = await h.call('GET', '/portfolio/fills?limit=1001');
    expect(fills.status).toBe(400);
    expect(fills.body.msg).toMatch(/^Parameter validation failed for GetFills: limit/);
  });
});

// Spec 3.31.0: GetMarkets `status` "Leave empty to return markets with any status.", GetEvents `status` "… Leave empty
// to return events with any status.", schema UserFilter (`user_filter`, `rfq_user_filter`) "Omit or leave empty to
// return all results.": sent empty (`status=`, as Go's url.Values or Python `params={"status": ""}` do), each is no
// filter. `tickers` says nothing of the kind, but an empty comma list filters nothing, as an empty `event_ticker=`
// does (the notes are silent on empty values).
describe('query filters left empty', () => {
  it.each([
    ['/markets', 'status', 'markets'],
    ['/markets', 'tickers', 'markets'],
    ['/events', 'status', 'events'],
    ['/communications/rfqs', 'user_filter', 'rfqs'],
    ['/communications/quotes', 'user_filter', 'quotes'],
    ['/communications/quotes', 'rfq_user_filter', 'quotes'],
  ])('%s?%s= answers as without the parameter', async (path, name, list) => {
    const without = await h.call('GET', path);
    const empty = await h.call('GET', `${path}?${name}=`);
    expect(empty.status, JSON.stringify(empty.body)).toBe(200);
    expect(empty.body[list]).toEqual(without.body[list]);
  });

  it('still refuses a status that is not one of the values', async () => {
    const response = await h.call('GET', '/markets?status=bogus');
    expect(response.status).toBe(400);
    expect(response.body.msg).toMatch(/^Parameter validation failed for GetMarkets: status/);
  });
});

// A value outside a schema's enum was refused as "must be equal to one of the allowed values": the field named, but
// neither the values it takes nor the one sent, where the rules the mock states itself say both (`status must be one
// of pending, executed, expired, got "bogus"`, query-rules.ts). Kalshi's text for these is Go validator output
// (notes §3.1); the mock's own words say what to send instead.
describe('a value outside an enum', () => {
  it('in a body: names the field, the values it takes and the one sent; nothing is placed', async () => {
    const placed = await h.call('POST', '/portfolio/events/orders', order(ticker, { time_in_force: 'gtc' }));
    expect(placed.status).toBe(400);
    expect(placed.body.error.details).toBe(
      'time_in_force must be one of fill_or_kill, good_till_canceled, immediate_or_cancel, got "gtc"',
    );
    expect(h.mock.exchange.orders.size).toBe(orderCount);
  });

  it('in a query: the gateway message names the parameter, the values it takes and the one sent', async () => {
    const listed = await h.call('GET', '/markets?status=active');
    expect(listed.body).toEqual({
      msg: 'Parameter validation failed for GetMarkets: status must be one of unopened, open, paused, closed, settled, got "active"',
    });
  });
});

// Round 46 (K6): a required body field left out was refused as "body must have required property 'enabled'" (Ajv's
// words, the field quoted inside them, and "body" named as if it were the field); the query's missing parameter is
// named as "X is required", and so is a body's now, with its path. The notes record no body text for it (silent).
describe('a required body field left out', () => {
  it('is named as the field that is required, with its path', async () => {
    const netting = await h.call('PUT', '/portfolio/subaccounts/netting', { subaccount_number: 0 });
    expect(netting.status).toBe(400);
    expect(netting.body.error.details).toBe('enabled is required');
    const placed = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [{ ...order(ticker), time_in_force: undefined }],
    });
    expect(placed.status).toBe(400);
    expect(placed.body.error.details).toBe('orders[0].time_in_force is required');
  });
});

// Round 46 (K1): a refusal for a value past a schema limit names the field, the limit and the value sent (a long
// string cut short, with its length), as an enum refusal does; the notes record Go's own wording only for the gateway
// (`limit=1001`: "failed on the 'lte' tag", §3.1), which names no value: the value is ours, for the SDK user.
describe('a value past a schema limit', () => {
  it.each([
    ['limit=1001', '/markets?limit=1001', 'GetMarkets: limit must be <= 1000, got 1001'],
    ['limit=-1', '/markets?limit=-1', 'GetMarkets: limit must be >= 0, got -1'],
    [
      'a 201-character ticker',
      `/markets/orderbooks?tickers=${'A'.repeat(201)}`,
      `GetMarketOrderbooks: tickers[0] must NOT have more than 200 characters, got "${'A'.repeat(59)}… (201 characters)`,
    ],
  ])('in a query (%s): names the parameter, the limit and the value', async (_, path, message) => {
    const response = await h.call('GET', path);
    expect(response.body).toEqual({ msg: `Parameter validation failed for ${message}` });
  });

  it('in a body: names the field, the limit and the value; no key is made', async () => {
    const response = await h.call('POST', '/api_keys/generate', { name: 'limited', subaccount: 64 });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toBe('subaccount must be <= 63, got 64');
  });
});

describe('JSON bodies', () => {
  it.each([
    ['expiration_time', '4e9'],
    ['expiration_time', '4000000000.0'],
    ['subaccount', '0.0'],
  ])('rejects %s written as %s, as Go does for an integer field', async (field, written) => {
    const url = 'https://external-api.kalshi.com/trade-api/v2/portfolio/events/orders';
    const text = JSON.stringify(order(ticker, { [field]: 0 })).replace(`"${field}":0`, `"${field}":${written}`);
    const response = await rawCall(url, 'POST', text, 'application/json');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'bad_request', message: 'bad request' });
    expect(response.body.details).toContain(`CreateOrderV2Request.${field} of type integer`);
  });

  // A type that merely starts with application/json is another media type (RFC 9110 §8.3.1: the type ends at `;`).
  it.each(['text/plain', 'application/x-www-form-urlencoded', undefined, 'application/jsonp', 'application/json-seq'])(
    'rejects a JSON body sent as %s',
    async (type) => {
      const url = 'https://external-api.kalshi.com/trade-api/v2/portfolio/events/orders';
      const response = await rawCall(url, 'POST', JSON.stringify(order(ticker)), type);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'invalid_content_type' });
      expect(h.mock.exchange.orders.size).toBe(orderCount);
    },
  );

  it('accepts application/json with a charset', async () => {
    const url = 'https://external-api.kalshi.com/trade-api/v2/portfolio/events/orders';
    const response = await rawCall(url, 'POST', JSON.stringify(order(ticker)), 'application/json; charset=utf-8');
    expect(response.status).toBe(201);
  });

  it('refuses a client_order_id longer than 200 characters, naming it, and stores nothing', async () => {
    const response = await h.call(
      'POST',
      '/portfolio/events/orders',
      order(ticker, { client_order_id: 'x'.repeat(201) }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details).toBe('client_order_id must be at most 200 characters');
    expect(h.mock.exchange.orders.size).toBe(orderCount);
    const ok = await h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'y'.repeat(200) }));
    expect(ok.status).toBe(201);
  });

  // The 200-character cap holds for every string but a PEM public_key: an API key's name too, and a member's name.
  it('refuses an API key name longer than 200 characters, and a member name longer than 200', async () => {
    const keys = (await h.call('GET', '/api_keys')).body.api_keys.length;
    const named = await h.call('POST', '/api_keys/generate', { name: 'n'.repeat(201) });
    expect(named.status).toBe(400);
    expect(named.body.error.details).toBe('name must be at most 200 characters');
    expect((await h.call('GET', '/api_keys')).body.api_keys).toHaveLength(keys);
    const member = await h.call('POST', '/portfolio/events/orders', { ...order(ticker), ['k'.repeat(250)]: 1 });
    expect(member.status).toBe(400);
    expect(member.body.error.details).toBe(`${'k'.repeat(200)} must be at most 200 characters`);
    expect(h.mock.exchange.orders.size).toBe(orderCount);
  });

  // A member named "" still holds a string: the 200-character cap applies to it too.
  it('refuses a 201-character string under an empty member name, and stores nothing', async () => {
    const response = await h.call('POST', '/portfolio/events/orders', { ...order(ticker), '': 'x'.repeat(201) });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContain('must be at most 200 characters');
    expect(h.mock.exchange.orders.size).toBe(orderCount);
  });

  it('answers 413 to a 10 MB body through msw', async () => {
    const response = await h.call(
      'POST',
      '/portfolio/events/orders',
      order(ticker, { client_order_id: 'x'.repeat(10_000_000) }),
    );
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('request_entity_too_large');
  });

  it('counts the body cap in bytes, not characters: 600,000 two-byte characters are 413 through msw', async () => {
    const response = await h.call('POST', '/portfolio/events/orders', order(ticker, { memo: 'é'.repeat(600_000) }));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('request_entity_too_large');
  });
});

let orderCount = 0;
beforeEach(() => {
  orderCount = h.mock.exchange.orders.size;
});

async function rawCall(url: string, method: string, body: string, type: string | undefined) {
  const { getResponse } = await import('msw');
  const headers = new Headers(await h.signer.sign({ method, url }));
  if (type) headers.set('content-type', type);
  // A Blob body without a type: the Request then carries no content-type of its own.
  const request = new Request(url, { method, headers, body: new Blob([body]) });
  const response = await getResponse(h.mock.handlers, request);
  const text = (await response?.text()) ?? '';
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected freely
  return { status: response?.status, body: (text ? JSON.parse(text) : undefined) as any };
}

describe('the node server caps bodies while reading them', () => {
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ seed: 2 });
  });
  afterAll(() => server.close());

  it('answers 413 to a declared 10 MB body without reading it, and keeps serving', async () => {
    const response = await rawRequest(
      server.port,
      `POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 10000000\r\n\r\n{"ticker":`,
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text).error.code).toBe('request_entity_too_large');
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
  });

  it('answers 413 to a chunked body that grows past the cap', async () => {
    const chunk = `{"client_order_id":"${'x'.repeat(1_100_000)}"}`;
    const response = await rawRequest(
      server.port,
      `POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    expect(response.status).toBe(413);
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
    expect([...server.mock.exchange.orders.values()].some((o) => o.clientOrderId.length > 200)).toBe(false);
  });
});

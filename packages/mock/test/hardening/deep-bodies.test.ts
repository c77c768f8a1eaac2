import fc from 'fast-check';
import { getResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OperationInfo } from '../../src/generated/manifest';
import { MAX_JSON_DEPTH } from '../../src/http/go-json';
import { routes } from '../../src/http/routes';
import { exampleOf } from '../../src/schema/examples';
import { allOperations, requestBodySchema } from '../../src/schema/spec';
import { isKalshiErrorBody } from '../fuzz/invariants';
import { BASE, type Harness, harness, order } from '../helpers';

// Item 5 of the outside test round 2: a body nesting ~5,000 arrays (20 kB, far under the size cap) got
// 500 "Maximum call stack size exceeded" from a recursive walk. Go's encoding/json, whose errors the mock imitates
// (kalshi-api-notes §3.1), accepts 10,000 levels (ignoring unknown fields) and refuses one more with a syntax error,
// which Kalshi sends as the flat `bad_request` of body decode errors (§3.2).
const tooDeep = { code: 'bad_request', message: 'bad request', details: "invalid character '[' exceeded max depth" };
const UUID = '0b3d6f4e-2a51-4c8e-9f7a-1d2c3b4a5e6f';
const withBody = allOperations.filter((op) => requestBodySchema(op) && routes[op.operationId]);

/** `levels` nested empty arrays: `[[…]]`. */
const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** The JSON text of `body` with one more member, `key`, whose value is the text `value`. */
const withMember = (body: object, key: string, value: string) => {
  const text = JSON.stringify(body);
  return text === '{}' ? `{"${key}":${value}}` : `${text.slice(0, -1)},"${key}":${value}}`;
};

const example = (op: OperationInfo) =>
  exampleOf(requestBodySchema(op), { now: () => Date.UTC(2026, 11, 1), id: () => UUID }) as object;

let h: Harness;
let ticker: string;
beforeEach(async () => {
  h = await harness({ seed: 2 });
  ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

async function send(op: OperationInfo | { method: string; path: string }, text: string) {
  const url = `${BASE}${op.path.replace(/\{[^}]+\}/g, UUID)}`;
  const method = op.method.toUpperCase();
  const headers = { 'content-type': 'application/json', ...(await h.signer.sign({ method, url })) };
  const response = await getResponse(h.mock.handlers, new Request(url, { method, headers, body: text }));
  const body = await response!.text();
  return { status: response!.status, text: body, json: body ? JSON.parse(body) : undefined };
}

const createOrder = { method: 'post', path: '/portfolio/events/orders' };
const createGroup = { method: 'post', path: '/portfolio/order_groups/create' };

describe('nesting up to Go’s limit', () => {
  it('creates an order whose unknown field nests to the limit (the body object is the first level)', async () => {
    const response = await send(createOrder, withMember(order(ticker), 'x', arrays(MAX_JSON_DEPTH - 1)));
    expect(response.status, response.text).toBe(201);
  });

  it('creates an order group whose unknown field nests to the limit', async () => {
    const response = await send(createGroup, withMember({ contracts_limit_fp: '1' }, 'x', arrays(MAX_JSON_DEPTH - 1)));
    expect(response.status, response.text).toBe(201);
  });

  it('refuses one level more as Go does, in the flat decode-error shape', async () => {
    const before = h.mock.exchange.orders.size;
    const orders = await send(createOrder, withMember(order(ticker), 'x', arrays(MAX_JSON_DEPTH)));
    expect([orders.status, orders.json]).toEqual([400, tooDeep]);
    const groups = await send(createGroup, withMember({ contracts_limit_fp: '1' }, 'x', arrays(50_000)));
    expect([groups.status, groups.json]).toEqual([400, tooDeep]);
    expect(h.mock.exchange.orders.size).toBe(before);
  });

  it('counts brackets inside strings as text, not nesting', async () => {
    // At the limit already: one bracket of the string counted as nesting would go over it.
    const body = order(ticker, { y: `${'['.repeat(90)}"\\${'{'.repeat(90)}` });
    const response = await send(createOrder, withMember(body, 'x', arrays(MAX_JSON_DEPTH - 1)));
    expect(response.status, response.text).toBe(201);
  });
});

describe.each(withBody.map((op) => [op.operationId, op] as const))('%s', (_, op) => {
  it('answers a body nested to the limit without a 5xx', async () => {
    const response = await send(op, withMember(example(op), 'x', arrays(MAX_JSON_DEPTH - 1)));
    expect(response.status, response.text).toBeLessThan(500);
  });

  it('refuses a body nested one level deeper with Go’s syntax error', async () => {
    const response = await send(op, withMember(example(op), 'x', arrays(MAX_JSON_DEPTH)));
    expect([response.status, response.json]).toEqual([400, tooDeep]);
  });
});

describe('any body shape', () => {
  // Deep values of arrays or objects, as a whole body, as an unknown member or in place of a known one.
  const deepValue = fc
    .record({ levels: fc.integer({ min: 1, max: MAX_JSON_DEPTH + 50 }), inner: fc.jsonValue({ maxDepth: 3 }) })
    .chain(({ levels, inner }) =>
      fc
        .constantFrom('[', '{"a":', '[0,')
        .map(
          (open) => `${open.repeat(levels)}${JSON.stringify(inner)}${(open === '{"a":' ? '}' : ']').repeat(levels)}`,
        ),
    );

  it('never answers 5xx, and every refusal is one of Kalshi’s error shapes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withBody),
        deepValue,
        fc.constantFrom('body', 'unknown', 'known'),
        async (op, value, where) => {
          const body = example(op);
          const known = Object.keys(body)[0] ?? 'x';
          const { [known]: _, ...rest } = body as Record<string, unknown>;
          const text =
            where === 'body'
              ? value
              : where === 'unknown'
                ? withMember(body, 'x', value)
                : withMember(rest, known, value);
          const response = await send(op, text);
          const where_ = `${op.operationId} ${where} → ${response.status} ${response.text.slice(0, 300)}`;
          expect(response.status, where_).toBeLessThan(500);
          if (response.status >= 400) expect(isKalshiErrorBody(response.json), where_).toBe(true);
        },
      ),
      { seed: 20_261_202, numRuns: 150 },
    );
  });
});

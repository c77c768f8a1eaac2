// Round 47 cut an error's message to 500 characters of the server's text; its `code` and `details` were still taken
// whole: a proxy or a misbehaving server answering a megabyte `code` or `details` made a megabyte `error.code`,
// `error.details`, error message (the details are in it) and `failed` log line. kalshi-api-notes §3.1–3.2 give no
// limit; every code they record is a short snake_case word (the longest with embedded data, `user_not_found:_<uuid>`,
// about 50 characters) and every details a sentence. Each text read from an error body (code, message, details) keeps
// its first 500 characters, as the message did: a real code or details is never cut, a cut one keeps its start (codes
// are matched by prefix, §3.1), and the body as sent stays on the error (`body`) and on a raw call's `error`.
import { expect, it } from 'vitest';
import { errorFromResponse, type KalshiApiError, parseErrorBody, unwrap } from '../../src';
import { json, observedClient } from '../helpers';

const huge = (start: string) => `${start}${'x'.repeat(1_000_000)}`;

/** Every text of `error` bounded, starting as the server's did. */
function expectBounded(error: KalshiApiError, code: string, details?: string) {
  expect(error.code.length).toBeLessThanOrEqual(500);
  expect(error.code.startsWith(code)).toBe(true);
  if (details === undefined) expect(error.details).toBeUndefined();
  else {
    expect(error.details?.length).toBeLessThanOrEqual(500);
    expect(error.details?.startsWith(details)).toBe(true);
  }
  // Status, code, message and details of 500 characters at most each, the operation.
  expect(error.message.length).toBeLessThan(1_600);
}

it.each([
  ['nested', { error: { code: huge('not_found_'), message: 'not found', details: huge('order ') } }],
  ['flat', { code: huge('not_found_'), message: 'not found', details: huge('order ') }],
])('a %s error body with a megabyte code and details: both cut, the body kept', (_, body) => {
  const error = errorFromResponse(404, body, { operationId: 'GetOrder' });
  expectBounded(error, 'not_found_xxx', 'order xxx');
  expect(error.body).toBe(body);
});

it('a megabyte error string (the 429 shape, `{"error":"…"}`): its code and message cut', () => {
  const body = { error: huge('too many requests ') };
  const error = errorFromResponse(429, body);
  expectBounded(error, 'too_many_requests_xxx');
  expect(error.body).toBe(body);
});

it('parseErrorBody (a raw call’s `error` read) gives the same bounded code and details', () => {
  const parsed = parseErrorBody({ error: { code: huge('bad_request'), message: huge('m'), details: huge('d') } });
  expect([parsed?.code.length, parsed?.message.length, parsed?.details?.length]).toEqual([500, 500, 500]);
});

it('through the client: the raw call keeps the body whole, unwrap and the failed log line are bounded', async () => {
  const logged: unknown[] = [];
  const body = { error: { code: huge('invalid_order'), message: 'invalid order', details: huge('post only cross') } };
  const { client } = await observedClient(() => json(body, 400), {
    retry: false,
    logger: { debug() {}, info() {}, warn: (fields: unknown) => logged.push(fields), error() {} },
  });
  const result = await client.GET('/portfolio/balance');
  expect(result.error).toEqual(body);
  const error = (() => {
    try {
      unwrap(result);
    } catch (e) {
      return e as KalshiApiError;
    }
  })() as KalshiApiError;
  expectBounded(error, 'invalid_orderxxx', 'post only crossxxx');
  expect(logged).toHaveLength(1);
  expect((logged[0] as { code: string }).code.length).toBeLessThanOrEqual(500);
});

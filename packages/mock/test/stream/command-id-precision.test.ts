import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { integerLiteralOf } from '../../src/http/json-text';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { signedHeaders } from './client';

// Round 33, E: a command's `id` is an integer ≥ 0 with no maximum (AsyncAPI commandId), chosen by the client to match
// the replies to its command. JSON.parse holds integers exactly only up to 2^53: an int64 id a Go or Python client
// sends (a nanosecond timestamp, say) came back rounded (1733500000123456789 as 1733500000123456800), so the client
// never saw the reply to its command. Kalshi's handling of such ids is not recorded (the notes are silent); a server
// that decodes ids as 64-bit integers echoes them exactly, and the mock now echoes the digits sent.
let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ pingIntervalMs: 0 });
});
afterAll(() => server.close());

/** The raw text frames answering `commands`, one reply awaited per command (an error or the first of several). */
async function exchange(commands: readonly string[]): Promise<string[]> {
  const ws = new WebSocket(server.streamUrl, { headers: await signedHeaders(server) });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const replies: string[] = [];
  for (const command of commands) {
    const next = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send(command);
    replies.push(await next);
  }
  ws.terminate();
  return replies;
}

it('echoes an id beyond 2^53 with the digits the client sent', async () => {
  const big = '1733500000123456789';
  const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker;
  const [listed, subscribed, unknown] = await exchange([
    `{"id":${big},"cmd":"list_subscriptions"}`,
    `{"id":9007199254740993,"cmd":"subscribe","params":{"channels":["ticker"],"market_tickers":["${ticker}"]}}`,
    `{"id":18446744073709551615,"cmd":"no_such_command"}`,
  ]);
  expect(listed).toBe(`{"id":${big},"type":"ok","msg":[]}`);
  expect(subscribed).toMatch(/^\{"id":9007199254740993,"type":"subscribed",/);
  expect(unknown).toMatch(/^\{"id":18446744073709551615,"type":"error","msg":\{"code":5,/);
});

it('still echoes a small id as it was sent', async () => {
  const [listed] = await exchange(['{"id":3,"cmd":"list_subscriptions"}']);
  expect(listed).toBe('{"id":3,"type":"ok","msg":[]}');
});

// The digits are found whatever surrounds the id: other members before and after it, objects nesting their own `id`,
// strings holding `"id":`, whitespace, and an escaped name; the last `id` counts, as in JSON.parse.
it('finds the digits of the top-level id in any command text', () => {
  const member = fc.tuple(fc.string(), fc.jsonValue()).map(([name, value]) => JSON.stringify({ [name]: value }));
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.array(member, { maxLength: 4 }),
      fc.array(member, { maxLength: 4 }),
      fc.constantFrom('"id"', '"\\u0069d"', ' "id" '),
      fc.constantFrom(':', ' : ', '\n:\t'),
      (id, before, after, name, colon) => {
        const inner = (json: string) => json.slice(1, -1);
        const members = [
          ...before.map(inner),
          '"id":"not this"',
          `"nested":{"id":1}`,
          `${name}${colon}${id}`,
          ...after.map(inner).filter((m) => !m.startsWith('"id"')),
        ];
        expect(integerLiteralOf(`{${members.join(',')}}`, 'id')).toBe(String(id));
      },
    ),
  );
});

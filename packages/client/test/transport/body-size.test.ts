// Round 26 C-D3. A response body is read whole into memory; past 64 MiB (the README; decompressed bytes) the read is
// cancelled and the attempt fails as KalshiInvalidResponseError naming the size. Kalshi's largest answers are a page of
// 1,000 markets (kalshi-api-notes §6.1, §6.2: `limit` at most 1000), a few MB; the notes give no size limit.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { createKalshiClient, KalshiInvalidResponseError } from '../../src';
import { observedClient } from '../helpers';

const MIB = 1024 * 1024;
const LIMIT = 64 * MIB;

/** A JSON object padded with whitespace to about `mib` MiB, streamed 1 MiB a chunk; `pulled` counts chunks read. */
function padded(mib: number) {
  const spaces = new Uint8Array(MIB).fill(0x20);
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled++;
      if (state.pulled === 1) controller.enqueue(new TextEncoder().encode('{"exchange_active":true'));
      else if (state.pulled <= mib + 1) controller.enqueue(spaces);
      else {
        controller.enqueue(new TextEncoder().encode('}'));
        controller.close();
      }
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

it('a valid JSON body past 64 MiB is refused as KalshiInvalidResponseError naming the size, its read cancelled', async () => {
  const { body, state } = padded(80);
  const { client } = await observedClient(
    () => new Response(body, { headers: { 'content-type': 'application/json' } }),
    { retry: false },
  );
  const error = await client.GET('/exchange/status').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiInvalidResponseError);
  expect(error).toMatchObject({
    status: 200,
    message: `GetExchangeStatus: a 200 response whose body is larger than ${LIMIT} bytes`,
  });
  expect(state.cancelled).toBe(true);
  expect(state.pulled).toBeLessThan(80);
});

it('an error body past 64 MiB is refused the same way (its status named)', async () => {
  const { body } = padded(80);
  const { client } = await observedClient(() => new Response(body, { status: 502 }), { retry: false });
  const error = await client.GET('/exchange/status').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiInvalidResponseError);
  expect(error).toMatchObject({ status: 502, message: expect.stringContaining(`larger than ${LIMIT} bytes`) });
});

let close: (() => void) | undefined;
afterEach(() => close?.());

it('a gzip bomb from a loopback server (about 80 KB on the wire, 80 MiB inflated) is refused', async () => {
  // gzip of 80 MiB of spaces inside a JSON object: valid JSON once inflated.
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"a":1'), Buffer.alloc(80 * MIB, 0x20), Buffer.from('}')]));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(bomb);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => server.close();
  const client = await createKalshiClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`,
    retry: false,
  });
  const error = await client.GET('/exchange/status').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiInvalidResponseError);
  expect(error).toMatchObject({
    message: `GetExchangeStatus: a 200 response whose body is larger than ${LIMIT} bytes`,
  });
});

// `kalshi-mock capture` through this client, against `kalshi-mock serve` (never Kalshi): capture a dataset from a
// mock, serve the capture, capture that, and get the same dataset back.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { captureDataset, type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKalshiClient } from '../../src';

let original: RunningKalshiMockServer;
beforeAll(async () => {
  original = await startKalshiMockServer({ seed: 5, pingIntervalMs: 0 });
});
afterAll(() => original.close());

const withoutStamp = ({ captured_at: _at, source: _source, ...rest }: Record<string, unknown>) => rest;

describe('capture round trip', () => {
  it('captures series, events, markets with books and trades, and serving the capture captures the same', async () => {
    // Some trades to capture: sell into one market's best YES bid over REST-equivalent engine calls.
    const { exchange } = original.mock;
    const ticker = [...exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    const [bid] = exchange.book(ticker).best('yes') ?? [];
    exchange.createOrder('3c1f0000-0000-4000-8000-000000000001', {
      ticker,
      side: 'ask',
      price: bid as number,
      count: 100,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'maker',
    });
    const first = await captureDataset(await createKalshiClient({ baseUrl: original.url }), { limit: 3, trades: 5 });
    expect(first.events).toHaveLength(3);
    expect(first.series.length).toBeGreaterThan(0);
    expect(first.markets.length).toBeGreaterThan(0);
    const captured = first.markets.find((m) => m.ticker === ticker);
    expect(captured?.trades?.[0]).toMatchObject({ count_fp: '1.00', taker_side: 'no' });
    // The book as REST shows it.
    const client = await createKalshiClient({ baseUrl: original.url });
    const rest = await client.GET('/markets/{ticker}/orderbook', {
      params: { path: { ticker } },
    });
    expect(captured?.orderbook?.yes_dollars).toEqual(rest.data?.orderbook_fp.yes_dollars);

    const served = await startKalshiMockServer({ dataset: first, pingIntervalMs: 0 });
    try {
      const second = await captureDataset(await createKalshiClient({ baseUrl: served.url }), { limit: 3, trades: 5 });
      expect(withoutStamp(second as unknown as Record<string, unknown>)).toEqual(
        withoutStamp(first as unknown as Record<string, unknown>),
      );
    } finally {
      await served.close();
    }
  });

  it('kalshi-mock capture --env URL --out FILE writes the same dataset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalshi-capture-'));
    const out = join(dir, 'dataset.json');
    const mockDir = dirname(createRequire(import.meta.url).resolve('@org/kalshi-mock/package.json'));
    const bin = join(mockDir, 'bin/kalshi-mock.mjs');
    // Run from this package: capture finds @org/kalshi-client where the user's project has it.
    const child = spawn(process.execPath, [bin, 'capture', '--env', original.url, '--out', out, '--limit', '2'], {
      cwd: resolve(import.meta.dirname, '../..'),
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    const direct = await captureDataset(await createKalshiClient({ baseUrl: original.url }), { limit: 2 });
    expect(written).toMatchObject({ format: 'kalshi-mock-dataset', version: 1, source: original.url });
    expect(withoutStamp(written)).toEqual(withoutStamp(direct as unknown as Record<string, unknown>));
  }, 60_000);
});

// What a stream's errors tell (attack report E: E-D1, E-D4, E-D5, E-D12, E-D17): the command the server refused and the
// market it names, a subscribe mistake caught before sending, and a refused handshake naming the key id, the URL and
// the likely fix as the REST client's errors do.
//
// AsyncAPI `errorResponsePayload.msg`: `code`, `msg`, `market_ticker` ("Optional market ticker associated with the
// error"), `market_tickers` ("Optional market tickers associated with the error"); the envelope's `id` echoes the
// command and `sid` is "present when the error is scoped to a subscription". kalshi-api-notes §9.3: "`error.msg` may
// include `market_ticker`/`market_id` for market-specific errors". §1: the WebSocket path is `/trade-api/ws/v2`, REST's
// `/trade-api/v2`. §2.5: "A bad handshake is rejected at the HTTP level (401 …). Exact body unconfirmed"; the bodies
// below are the REST 401s of §2.3 (the notes are silent on a handshake's 404 body: Kalshi's REST 404 shape stands in).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  KalshiAuthenticationError,
  KalshiMissingCredentialsError,
  KalshiNotFoundError,
  KalshiValidationError,
} from '../../src';
import { createKalshiStream, KalshiStreamError, type StreamSocketConstructor } from '../../src/ws';
import { handshakeError } from '../../src/ws/connect-error';
import { key, testSigner } from '../helpers';
import { fake, open, useFakeStream } from './fake-stream';

useFakeStream();

/** Answers the next held command with Kalshi's error frame `msg`. */
async function refuseHeld(msg: Record<string, unknown>, sid?: number) {
  await fake.when(() => fake.held().length >= 1);
  const command = fake.held()[0] as { id: number };
  fake.hold = undefined;
  fake.broadcast({ id: command.id, ...(sid === undefined ? {} : { sid }), type: 'error', msg });
}

describe('a command error reply (E-D1)', () => {
  it('subscribe: the error keeps the market the server names and says which command failed', async () => {
    const stream = await open();
    fake.hold = (c) => c.cmd === 'subscribe';
    const subscribing = stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1', 'NOPE-XYZ'] });
    await refuseHeld({ code: 11, msg: 'Invalid parameter', market_ticker: 'NOPE-XYZ' });
    const error = await subscribing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiStreamError);
    expect(error).toMatchObject({ code: 11, command: 'subscribe', market_ticker: 'NOPE-XYZ' });
    expect((error as Error).message).toBe('subscribe: 11 Invalid parameter (market_ticker NOPE-XYZ)');
  });

  it('keeps market_tickers and market_id too, and Kalshi’s own text when it says more than the code', async () => {
    const stream = await open();
    fake.hold = (c) => c.cmd === 'subscribe';
    const subscribing = stream.subscribe({ channels: ['ticker'], market_tickers: ['A-1', 'B-2', 'C-3'] });
    await refuseHeld({
      code: 26,
      msg: 'too many markets',
      market_tickers: ['B-2', 'C-3'],
      market_id: '3f0c2a4e-0000-4000-8000-000000000000',
    });
    const error = await subscribing.catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 26,
      command: 'subscribe',
      market_tickers: ['B-2', 'C-3'],
      market_id: '3f0c2a4e-0000-4000-8000-000000000000',
    });
    expect((error as Error).message).toBe(
      'subscribe: 26 Subscription market limit exceeded: too many markets (market_tickers B-2, C-3; market_id 3f0c2a4e-0000-4000-8000-000000000000)',
    );
  });

  it('update({ add }): names update_subscription, its action and the market', async () => {
    const stream = await open();
    const sub = await stream.subscribe({ channels: ['trade'], market_tickers: ['KX-1'] });
    fake.hold = (c) => c.cmd === 'update_subscription';
    const updating = sub.update({ add: ['NOPE-XYZ'] });
    await refuseHeld({ code: 11, msg: 'Invalid parameter', market_ticker: 'NOPE-XYZ' }, 1);
    const error = await updating.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11, command: 'update_subscription', sid: 1, market_ticker: 'NOPE-XYZ' });
    expect((error as Error).message).toBe(
      'update_subscription add_markets: 11 Invalid parameter (market_ticker NOPE-XYZ)',
    );
  });

  it('an error naming no market: the command alone, no empty fields', async () => {
    const stream = await open();
    const error = await stream.subscribe({ channels: ['nonsense' as 'ticker'] }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('subscribe: 8 Unknown channel name');
    expect(Object.keys(error as object).sort()).toEqual(['code', 'command', 'name']);
  });
});

describe('subscribe params checked before sending, as update() checks them (E-D4)', () => {
  it.each([
    ['market_tickers', 'KX-1'],
    ['market_tickers', ['KX-1', '']],
    ['market_tickers', [5]],
    ['market_ticker', ['KX-1']],
    ['market_ticker', ''],
  ])('%s: %j is refused naming the field, nothing sent', async (field, value) => {
    const stream = await open();
    const error = await stream
      .subscribe({ channels: ['ticker'], [field]: value } as unknown as Parameters<typeof stream.subscribe>[0])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
    expect(fake.commands).toEqual([]);
  });

  it('the same words as update({ add }) for the same mistake', async () => {
    const stream = await open();
    const refused = await stream
      .subscribe({ channels: ['ticker'], market_tickers: 'KX-1' as unknown as string[] })
      .catch((e: unknown) => e);
    const sub = await stream.subscribe({ channels: ['trade'], market_tickers: ['KX-1'] });
    const updated = await sub.update({ add: 'KX-1' as unknown as string[] }).catch((e: unknown) => e);
    expect((refused as Error).message.replace('market_tickers: ', '')).toBe(
      (updated as Error).message.replace('add: ', ''),
    );
  });
});

describe('no credentials (E-D12)', () => {
  it('is the KalshiMissingCredentialsError REST gives, naming createKalshiStream and the variables', async () => {
    const saved = { ...process.env };
    for (const name of ['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY', 'KALSHI_PRIVATE_KEY_PATH']) delete process.env[name];
    try {
      const error = await createKalshiStream({ url: fake.url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiMissingCredentialsError);
      expect(error).toMatchObject({ operationId: 'WebSocket handshake' });
      expect((error as Error).message).toMatch(/createKalshiStream/);
      expect((error as Error).message).toMatch(/KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH/);
      expect((error as Error).message).not.toMatch(/createKalshiClient|accessToken/);
      expect(fake.handshakes).toEqual([]);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});

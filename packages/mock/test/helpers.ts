import { createSigner, type Signer } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { getResponse } from 'msw';
import { expect } from 'vitest';
import {
  ControlInputError,
  createKalshiMock,
  type Exchange,
  type FeeType,
  type KalshiMock,
  type MarketState,
} from '../src';

export const BASE = 'https://external-api.kalshi.com/trade-api/v2';

/** A mock plus a signer for its test key, and a `call` that goes through msw's getResponse (no server). */
export async function harness(options: Parameters<typeof createKalshiMock>[0] = {}) {
  const mock = createKalshiMock(options);
  const signer = await createSigner({ keyId: mock.credentials.keyId, privateKey: mock.credentials.privateKeyPem });
  const base = options.baseUrl ?? BASE;
  return {
    mock,
    signer,
    call: (method: string, path: string, body?: unknown, sign = true) =>
      call(mock, signer, base, method, path, body, sign),
  };
}

export async function call(
  mock: KalshiMock,
  signer: Signer,
  base: string,
  method: string,
  path: string,
  body?: unknown,
  sign = true,
) {
  const url = `${base}${path}`;
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (sign) Object.assign(headers, await signer.sign({ method, url }));
  const request = new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await getResponse(mock.handlers, request);
  if (!response) throw new Error(`unhandled: ${method} ${path}`);
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected freely
  return { status: response.status, type: response.type, body: (text ? JSON.parse(text) : undefined) as any };
}

export const order = (ticker: string, overrides: Record<string, unknown> = {}) => ({
  ticker,
  side: 'bid',
  count: '1',
  price: '0.0100',
  time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'taker_at_cross',
  ...overrides,
});

/**
 * The body of a same-shard POST /portfolio/intra_exchange_instance_transfer (spec 3.31.0: Kalshi treats it as a
 * subaccount transfer): 10,000 centicents ($1.00) from subaccount 0 to 1 on shard 0, with `fields` overriding.
 */
export const sameShardTransfer = (fields: Record<string, unknown> = {}) => ({
  source: 'event_contract',
  destination: 'event_contract',
  amount: 10_000,
  source_exchange_shard: 0,
  destination_exchange_shard: 0,
  source_subaccount: 0,
  destination_subaccount: 1,
  ...fields,
});

/** A REST caller signing with one key. */
export type As = (method: string, path: string, body?: unknown) => ReturnType<typeof call>;

/** A caller signing with a new key that `as` generates restricted to `subaccount` (which must exist). */
export async function restrictedKey(mock: KalshiMock, as: As, subaccount: number): Promise<As> {
  const { body } = await as('POST', '/api_keys/generate', { name: `desk-${subaccount}`, subaccount });
  const signer = await createSigner({ keyId: body.api_key_id, privateKey: body.private_key });
  return (method, path, body) => call(mock, signer, BASE, method, path, body);
}

/** A caller signing as another account: a new Ed25519 key registered for `userId` (a counterparty, a peer). */
export async function asUser(mock: KalshiMock, userId: string): Promise<As> {
  const key = generateKeyPairSync({ type: 'ed25519' });
  mock.exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, userId });
  const signer = await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem });
  return (method, path, body) => call(mock, signer, BASE, method, path, body);
}

export type Harness = Awaited<ReturnType<typeof harness>>;
export type { Signer };

/** Kalshi's deci_cent grid (kalshi-api-notes §5: $0 to $1 in steps of $0.001), as `addMarket` takes it. */
export const DECI_CENT = {
  tick: 1000,
  priceLevelStructure: 'deci_cent',
  priceRanges: [{ start: 0, end: 1_000_000, step: 1000 }],
};

/**
 * Lists `ticker` (with `market`'s fields, e.g. DECI_CENT) under a series of its own, named by the ticker's first part,
 * that charges `feeType` at `feeMultiplierBp` (10,000 = 1× unless given). Returns the listed market.
 */
export function listFeeMarket(
  exchange: Exchange,
  ticker: string,
  fees: { feeType: FeeType; feeMultiplierBp?: number },
  market: Omit<Partial<MarketState>, 'ticker'> = {},
): MarketState {
  const series = ticker.split('-')[0] as string;
  exchange.series.set(series, {
    ticker: series,
    title: series,
    category: 'Other',
    frequency: 'custom',
    feeType: fees.feeType,
    feeMultiplierBp: fees.feeMultiplierBp ?? 10_000,
  });
  return exchange.addMarket({ ticker, ...market });
}

/** A signed REST call over loopback to a running `startKalshiMockServer`, with its test key. */
export async function signedFetch(
  server: { readonly url: string; readonly mock: Pick<KalshiMock, 'credentials'> },
  method: string,
  path: string,
  body?: unknown,
) {
  const { keyId, privateKeyPem } = server.mock.credentials;
  const signer = await createSigner({ keyId, privateKey: privateKeyPem });
  const url = `${server.url}${path}`;
  const response = await fetch(url, {
    method,
    headers: { ...(await signer.sign({ method, url })), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected freely
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
}

/** The ControlInputError `run` throws (failing the test if it throws anything else or nothing). */
export function refusal(run: () => unknown): ControlInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ControlInputError);
    return error as ControlInputError;
  }
  return expect.fail('accepted: nothing was thrown');
}

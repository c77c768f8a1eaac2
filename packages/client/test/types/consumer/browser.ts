// A browser project's file (lib dom, no @types/node, types: []), compiled by consumer-settings.test.ts against the
// built packages as they are published. Not part of this package's own typecheck (see tsconfig.json `exclude`).
import { verifySignature } from '@org/kalshi-auth';
import { createKalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream } from '@org/kalshi-client/ws';

const kalshi = await createKalshiClient({ environment: 'demo' });
export const markets = unwrap(await kalshi.GET('/markets', { params: { query: { limit: 1 } } })).markets;
export const stream = await createKalshiStream({ environment: 'demo', credentials: { keyId: 'k', privateKey: 'pem' } });
// @ts-expect-error publicKey is a PEM, a KeyObject or a lookup by key id, not a number
export const refused = verifySignature({ publicKey: 123, method: 'GET', url: 'https://x/trade-api/v2/a', headers: {} });

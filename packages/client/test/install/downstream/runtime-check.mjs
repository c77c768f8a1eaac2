// Run by Bun and Deno inside the packed-install project: client, signing (node:crypto and WebCrypto backends,
// RSA-PSS and Ed25519), REST and the stream against `kalshi-mock serve`. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createSigner, verifySignature } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { createKalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream } from '@org/kalshi-client/ws';

const [baseUrl, streamUrl] = process.argv.slice(2);
const creds = JSON.parse(readFileSync('creds.json', 'utf8'));
const result = { runtime: globalThis.Bun ? 'bun' : globalThis.Deno ? 'deno' : 'node', orders: {}, verified: {} };

for (const backend of ['node', 'webcrypto']) {
  const signer = await createSigner({ keyId: creds.keyId, privateKey: creds.privateKeyPem, backend });
  const kalshi = await createKalshiClient({ baseUrl, credentials: signer });
  const { markets } = unwrap(await kalshi.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const placed = await kalshi.placeOrder({
    ticker: markets[0].ticker,
    action: 'buy',
    side: 'yes',
    count: 1,
    price: '0.01',
  });
  const canceled = await kalshi.cancelOrder({ orderId: placed.order_id });
  result.orders[backend] = { placed: placed.remaining_count, canceled: canceled.reduced_by };
}

for (const type of ['rsa', 'ed25519']) {
  const pair = generateKeyPairSync({ type });
  for (const backend of ['node', 'webcrypto']) {
    const signer = await createSigner({ keyId: pair.keyId, privateKey: pair.privateKeyPem, backend });
    const url = '/trade-api/v2/portfolio/balance';
    const headers = await signer.sign({ method: 'GET', url });
    const check = await verifySignature({ method: 'GET', url, headers, publicKey: pair.publicKeyPem });
    result.verified[`${type}/${backend}`] = check.ok;
  }
}

const stream = await createKalshiStream({
  url: streamUrl,
  credentials: { keyId: creds.keyId, privateKey: creds.privateKeyPem },
});
const sub = await stream.subscribe({ channels: ['market_lifecycle_v2'] });
result.stream = { sids: sub.sids, listed: await stream.listSubscriptions() };
await stream.close();
console.log(JSON.stringify(result));

// The page the browser test loads: the published entries of @org/kalshi-client (REST and /ws) as a page bundles
// them. It reads markets and places a signed order (WebCrypto signing) against `kalshi-mock serve --cors`, then
// tries the stream, which must refuse at once in a browser.
import { createKalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream } from '@org/kalshi-client/ws';

export interface PageConfig {
  readonly baseUrl: string;
  readonly streamUrl: string;
  readonly keyId: string;
  readonly privateKeyPem: string;
}

async function run(config: PageConfig) {
  const credentials = { keyId: config.keyId, privateKey: config.privateKeyPem };
  const kalshi = await createKalshiClient({ baseUrl: config.baseUrl, credentials });
  const { markets } = unwrap(await kalshi.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const ticker = markets[0]?.ticker ?? '';
  const order = await kalshi.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' });
  const stream = await createKalshiStream({ url: config.streamUrl, credentials }).then(
    () => 'connected',
    (error: Error) => error.message,
  );
  return { ticker, orderId: order.order_id, remaining: order.remaining_count, stream };
}

(globalThis as { runKalshiPage?: typeof run }).runKalshiPage = run;

// Kalshi's WebSocket endpoints (kalshi-api-notes §1), recommended host first. The AsyncAPI spec names only
// production's recommended host, so the list lives here, next to the generated types, shared by client and mock.

/** The WebSocket API's path on each host. */
export const STREAM_PATH = '/trade-api/ws/v2';

/** Kalshi's WebSocket URLs per environment, recommended host first. */
export const STREAM_URLS = {
  production: ['wss://external-api-ws.kalshi.com/trade-api/ws/v2', 'wss://api.elections.kalshi.com/trade-api/ws/v2'],
  demo: ['wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2', 'wss://demo-api.kalshi.co/trade-api/ws/v2'],
} as const;

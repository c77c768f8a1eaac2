// Kalshi's WebSocket channels by what they accept, shared by the client (which keeps a subscription's markets) and
// the mock (which answers the commands) so both read one list.

/**
 * Channels whose market filter `update_subscription`'s `add_markets`/`delete_markets` change (AsyncAPI "Supports
 * `update_subscription` with `add_markets` / `delete_markets`"; kalshi-api-notes §9.5: order groups ignore it, the
 * lifecycle and communications channels have none).
 */
export const MARKET_FILTERED_CHANNELS: ReadonlySet<string> = new Set([
  'orderbook_delta',
  'ticker',
  'trade',
  'fill',
  'market_positions',
  'user_orders',
]);

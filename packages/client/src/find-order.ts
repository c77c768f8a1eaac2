// A module of its own, imported by nothing on placeOrder's path: bundles that do not call it leave it out.
import {
  CALL_TERMS,
  type CallOptions,
  checkedArity,
  checkedTerms,
  type KalshiFetchClient,
  shown,
} from './call-options';
import { KalshiValidationError } from './errors';
import { findByClientOrderIds, type Order } from './read-back';

/** What findOrder looks for: the market an order was placed on and the client_order_id it was sent with. */
export interface FindOrderInput extends CallOptions {
  /** The market the order was placed on (Kalshi's order reads are searched market by market). */
  readonly ticker: string;
  /** The order's client_order_id, e.g. a KalshiUnconfirmedWriteError's `clientOrderId`. */
  readonly clientOrderId: string;
}

/** findOrder's options; made when called (a module-level spread is kept by bundlers). */
const findTerms = () =>
  ({ ...CALL_TERMS, ticker: 1, clientOrderId: 1 }) as const satisfies Record<keyof FindOrderInput, 1>;

/**
 * The order placed on `ticker` with `clientOrderId`, whatever its status, in any subaccount (its `subaccount_number`
 * says which), or undefined when order reads do not show it. The look-up placeOrder makes when a create's answer was
 * lost: the market's orders newest first, up to 2,000 of them (10 pages). One look-up, not repeated: Kalshi's reads
 * lag its writes by up to a few seconds, so an order placed a moment ago may not show yet.
 *
 * ```ts
 * try {
 *   await kalshi.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' });
 * } catch (error) {
 *   if (!(error instanceof KalshiUnconfirmedWriteError) || !error.clientOrderId) throw error;
 *   const order = await findOrder(kalshi, { ticker, clientOrderId: error.clientOrderId });
 *   if (order?.status === 'resting') await kalshi.cancelOrder({ order });
 * }
 * ```
 */
export async function findOrder(client: KalshiFetchClient, input: FindOrderInput): Promise<Order | undefined> {
  checkedArity('findOrder(client, input)', arguments, 2);
  const { ticker, clientOrderId, signal, retry, timeoutMs } = checkedTerms('findOrder', input, findTerms());
  for (const [field, value] of [
    ['ticker', ticker],
    ['clientOrderId', clientOrderId],
  ] as const)
    if (typeof value !== 'string' || value === '')
      throw new KalshiValidationError(field, `must be a non-empty string, got ${shown(value)}`);
  const found = await findByClientOrderIds(client, [{ ticker, clientOrderId }], { signal, retry, timeoutMs });
  return found.get(clientOrderId);
}

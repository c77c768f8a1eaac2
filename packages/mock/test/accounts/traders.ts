import { createSigner } from '@org/kalshi-auth';
import { createKalshiMock, type FeeType, type KalshiMock, type MockUser, type RateLimitOption } from '../../src';
import { type As, BASE, call, listFeeMarket } from '../helpers';

export type { As };

/** A REST caller signing as `user`. */
export async function asUser(mock: KalshiMock, user: MockUser): Promise<As> {
  const signer = await createSigner({ keyId: user.keyId, privateKey: user.privateKeyPem });
  return (method, path, body) => call(mock, signer, BASE, method, path, body);
}

/**
 * An empty exchange with one market of a series of `feeType` (fee multiplier `feeMultiplierBp`, 1 unless given) and
 * two accounts, Alice and Bob ($10,000 each unless `aliceCash`, in dollars, is given).
 */
export async function twoTraders(
  ticker: string,
  options: {
    feeType?: FeeType;
    feeMultiplierBp?: number;
    aliceCash?: number;
    market?: Record<string, unknown>;
    /** The usage tier (and its budgets): Advanced or above creates subaccounts (spec CreateSubaccount). */
    rateLimit?: RateLimitOption;
  } = {},
) {
  const { rateLimit } = options;
  const mock = createKalshiMock({ empty: true, now: 1_790_000_000_000, seed: 7, users: 2, rateLimit });
  const { feeType = 'quadratic', feeMultiplierBp } = options;
  // The market's event, of the series listed with it, is made from the ticker.
  listFeeMarket(mock.exchange, ticker, { feeType, feeMultiplierBp }, options.market);
  const [alice, bob] = mock.users as [MockUser, MockUser];
  if (options.aliceCash !== undefined) mock.exchange.setBalance(alice.userId, Math.round(options.aliceCash * 1e6));
  return { mock, alice, bob, asAlice: await asUser(mock, alice), asBob: await asUser(mock, bob) };
}

/** An order body (count and price as fixed-point strings). */
export const orderBody = (
  ticker: string,
  side: 'bid' | 'ask',
  price: string,
  count: string,
  extra: Record<string, unknown> = {},
) => ({
  ticker,
  side,
  price,
  count,
  time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'taker_at_cross',
  ...extra,
});

export const ioc = { time_in_force: 'immediate_or_cancel' };

/** A block-trade proposal body (ProposeBlockTradeRequest's required fields): `buyer` buys 1 YES from `seller` at 0.40. */
export const blockTradeBody = (buyer: string, seller: string, ticker: string, extra: Record<string, unknown> = {}) => ({
  buyer_user_id: buyer,
  seller_user_id: seller,
  market_ticker: ticker,
  price_centi_cents: 4000,
  centicount: 100,
  maker_side: 'yes',
  expiration_ts: '2026-09-23T00:00:00Z',
  ...extra,
});

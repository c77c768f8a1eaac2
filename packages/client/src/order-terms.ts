// One vocabulary for an order: what placeOrder takes (buy/sell × YES/NO at the price of the contract traded) and the
// V2 book side and YES price it maps to (kalshi-api-notes §5.2, §5.4). Every order helper takes and returns both.
import { unknownOption } from '@org/kalshi-auth';
import { shown } from './call-options';
import { KalshiValidationError } from './errors';
import { DOLLAR_UNITS, type FixedPointDollars, formatDollars } from './generated/fixed-point';

/** What an order does with the contract it names: buy or sell it. */
export type OrderAction = 'buy' | 'sell';
/** The contract an order trades: YES or NO. */
export type OrderSide = 'yes' | 'no';

/** An order in placeOrder's terms, and the V2 book side and YES price those map to. */
export interface OrderTerms {
  /** The market's ticker. */
  readonly ticker: string;
  /** `buy` or `sell` the contract of `side`. */
  readonly action: OrderAction;
  /** The contract traded: `yes` or `no`. */
  readonly side: OrderSide;
  /** Limit price of the traded contract in dollars ("0.3500" for NO at 35¢). */
  readonly price: FixedPointDollars;
  /** The V2 book side: `bid` = buy YES or sell NO; `ask` = sell YES or buy NO. */
  readonly book_side: 'bid' | 'ask';
  /** The V2 (YES-leg) price in dollars: `price` for YES, 1 − `price` for NO. */
  readonly yes_price_dollars: FixedPointDollars;
}

/** The terms of `action side` at `traded` micro-dollars (the price of the contract traded). */
export function orderTerms(ticker: string, action: OrderAction, side: OrderSide, traded: number): OrderTerms {
  return {
    ticker,
    action,
    side,
    price: formatDollars(traded, 4),
    book_side: (action === 'buy') === (side === 'yes') ? 'bid' : 'ask',
    yes_price_dollars: formatDollars(side === 'yes' ? traded : DOLLAR_UNITS - traded, 4),
  };
}

export function checkAction(action: unknown): asserts action is OrderAction {
  if (action !== 'buy' && action !== 'sell')
    throw new KalshiValidationError(
      'action',
      `must be "buy" or "sell", got ${shown(action)}${didYouMean(action, ['buy', 'sell'])}`,
    );
}

/**
 * `; did you mean …?` naming the one of `allowed` that `value` nearly is (spelt alike but for case and `_`, or its
 * entry in `aliases`: `gtc` for good_till_canceled), else ''. The lookup that names a misspelt option, for a value.
 */
export function didYouMean(value: unknown, allowed: readonly string[], aliases: Record<string, string> = {}): string {
  const meant = typeof value === 'string' ? unknownOption({ [value]: 1 }, allowed, aliases)?.meant : undefined;
  return meant ? `; did you mean ${meant}?` : '';
}

export function checkSide(side: unknown): asserts side is OrderSide {
  if (side === 'bid' || side === 'ask')
    throw new KalshiValidationError(
      'side',
      `must be "yes" or "no" (with action, as in placeOrder), not the V2 book side ${shown(side)}`,
    );
  if (side !== 'yes' && side !== 'no')
    throw new KalshiValidationError(
      'side',
      `must be "yes" or "no", got ${shown(side)}${didYouMean(side, ['yes', 'no'])}`,
    );
}

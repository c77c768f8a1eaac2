// A typed, read-only view of the exchange's state per account, in the client's units and names: the REST API's
// fixed-point strings (`"0.6500"` dollars, `"1.00"` contracts) and field names, never the engine's micro-dollars and
// centi-contracts. Tests assert on it instead of reading `exchange.orders` and the test user's id.
import { ledger } from './exchange/accounts';
import { ONE_DOLLAR } from './exchange/book';
import { type Exchange, TEST_USER_ID } from './exchange/exchange';
import { subaccountNumbers } from './exchange/subaccounts';
import type { FillRecord, OrderState, OrderStatus } from './exchange/types';
import { formatCount } from './generated/fixed-point';
import { ControlInputError } from './shared/control-schema';
import { checkKnownKeys } from './shared/options';
import { dollars, dollars6, iso, listsPosition, outcomeOf, presentBalance, presentFill } from './shared/present';

/** Fixed-point strings, as the API sends them. */
type Dollars = `${number}`;
type Count = `${number}`;

/** Whose state to read: a user id (default: the mock's test account, whose key is `credentials`). */
export interface AccountFilter {
  /** The user id whose state to read (default: the mock's test account). */
  readonly user?: string | undefined;
  /**
   * One of the account's subaccounts, as the REST API's `subaccount` query parameter: 0 is the primary, 1–63 the
   * numbered ones. Omitted, `positions` and `balance` read the primary and `orders` and `fills` list every
   * subaccount's, as REST does.
   */
  readonly subaccount?: number | undefined;
}

/** An order as `GET /portfolio/orders` describes it (the fields the mock models). */
export interface InspectedOrder {
  /** The order's id. */
  readonly order_id: string;
  /** The owner's user id. */
  readonly user_id: string;
  /** The client_order_id it was placed with. */
  readonly client_order_id: string;
  /** The market's ticker. */
  readonly ticker: string;
  /** `resting`, `canceled` or `executed`. */
  readonly status: OrderStatus;
  /** The contract the order buys: bid = buy YES, ask = buy NO (≡ sell YES). */
  readonly outcome_side: 'yes' | 'no';
  /** The V2 book side: `bid` buys YES, `ask` sells YES. */
  readonly book_side: 'bid' | 'ask';
  /** The limit price on the YES leg, a dollar string. */
  readonly yes_price_dollars: Dollars;
  /** The limit price on the NO leg (1 − the YES price), a dollar string. */
  readonly no_price_dollars: Dollars;
  /** Contracts ordered, a fixed-point count string. */
  readonly initial_count_fp: Count;
  /** Contracts filled, a fixed-point count string. */
  readonly fill_count_fp: Count;
  /** Contracts still resting, a fixed-point count string. */
  readonly remaining_count_fp: Count;
  /** What its taker fills cost, a dollar string. */
  readonly taker_fill_cost_dollars: Dollars;
  /** What its maker fills cost, a dollar string. */
  readonly maker_fill_cost_dollars: Dollars;
  /** Fees on its taker fills, a dollar string. */
  readonly taker_fees_dollars: Dollars;
  /** Fees on its maker fills, a dollar string. */
  readonly maker_fees_dollars: Dollars;
  /** When it was placed, an ISO 8601 date-time. */
  readonly created_time: string;
  /** When it last changed, an ISO 8601 date-time. */
  readonly last_update_time: string;
  /** Its subaccount (0: the primary). */
  readonly subaccount_number: number;
}

/** A market position as `GET /portfolio/positions` describes it. */
export interface InspectedPosition {
  /** The market's ticker. */
  readonly ticker: string;
  /** Signed contracts: + YES, − NO. */
  readonly position_fp: Count;
  /** Cost basis of the open position, a dollar string. */
  readonly market_exposure_dollars: Dollars;
  /** Cost of every fill in the market, a dollar string. */
  readonly total_traded_dollars: Dollars;
  /** Realised profit and loss, a dollar string. */
  readonly realized_pnl_dollars: Dollars;
  /** Fees paid in the market, a dollar string. */
  readonly fees_paid_dollars: Dollars;
  /** When it last changed, an ISO 8601 date-time. */
  readonly last_updated_ts: string;
}

/** As `GET /portfolio/balance` answers. */
export interface InspectedBalance {
  /** Available cash in dollars (collateral of resting orders excluded). */
  readonly balance_dollars: Dollars;
  /** Available cash in integer cents, truncated. */
  readonly balance: number;
  /** Open positions at the last price, in integer cents. */
  readonly portfolio_value: number;
}

/** A fill as `GET /portfolio/fills` describes it. */
export interface InspectedFill {
  /** The fill's id (equal to `trade_id`). */
  readonly fill_id: string;
  /** The trade's id. */
  readonly trade_id: string;
  /** The order filled. */
  readonly order_id: string;
  /** The market's ticker. */
  readonly ticker: string;
  /** The contract the order buys: bid = buy YES, ask = buy NO. */
  readonly outcome_side: 'yes' | 'no';
  /** The order's V2 book side. */
  readonly book_side: 'bid' | 'ask';
  /** Contracts filled, a fixed-point count string. */
  readonly count_fp: Count;
  /** The execution price on the YES leg, a dollar string. */
  readonly yes_price_dollars: Dollars;
  /** The execution price on the NO leg, a dollar string. */
  readonly no_price_dollars: Dollars;
  /** The order took liquidity. */
  readonly is_taker: boolean;
  /** Fee charged on the fill, a dollar string. */
  readonly fee_cost: Dollars;
  /** When it filled, an ISO 8601 date-time. */
  readonly created_time: string;
  /** The subaccount of the order that filled (0: the primary). */
  readonly subaccount_number: number;
}

/** The exchange's state per account, in the client's units and field names (`kalshi.inspect`). */
export interface MockInspector {
  /** The account's orders, newest first; filter by ticker and status. */
  orders(
    filter?: AccountFilter & { readonly ticker?: string | undefined; readonly status?: OrderStatus | undefined },
  ): InspectedOrder[];
  /** One order by id (any account); undefined when the exchange has none. */
  order(orderId: string): InspectedOrder | undefined;
  /**
   * The account's unsettled positions by ticker, as `GET /portfolio/positions` lists them without `count_filter`: one
   * closed back to no contracts (`position_fp` "0.00") stays, with its realized P&L, until its market settles.
   */
  positions(filter?: AccountFilter & { readonly ticker?: string | undefined }): InspectedPosition[];
  /** The account's balance and portfolio value, as `GET /portfolio/balance` reports them. */
  balance(filter?: AccountFilter): InspectedBalance;
  /** The account's fills, newest first; filter by ticker and order. */
  fills(
    filter?: AccountFilter & { readonly ticker?: string | undefined; readonly orderId?: string | undefined },
  ): InspectedFill[];
}

const ORDER_STATUSES: readonly OrderStatus[] = ['resting', 'canceled', 'executed'];
/** Each method's filters: another key (`stauts`) would be dropped, and the call read as unfiltered. */
const ACCOUNT_FILTERS = { user: 1, subaccount: 1 } as const satisfies Record<keyof AccountFilter, 1>;
const BY_TICKER = { ...ACCOUNT_FILTERS, ticker: 1 } as const;

export function createInspector(exchange: Exchange): MockInspector {
  /** The account's user id; an unknown one is an error listing the known ones (a typo would read as "no orders"). */
  const userOf = (filter: AccountFilter | undefined): string => {
    const user = filter?.user ?? TEST_USER_ID;
    if (!exchange.accounts.has(user) && user !== TEST_USER_ID) {
      const known = [...exchange.accounts.keys()].slice(0, 10).join(', ');
      throw new ControlInputError(
        'user',
        `no account "${user}" on the mock exchange (accounts: ${known})`,
        404,
        'account_not_found',
      );
    }
    return user;
  };
  /** The subaccount asked for, checked to be one the account has (a typo would read as "nothing there"). */
  const subaccountOf = (user: string, filter: AccountFilter | undefined): number | undefined => {
    const subaccount = filter?.subaccount;
    if (subaccount === undefined) return undefined;
    const numbers = subaccountNumbers(exchange, user);
    if (!numbers.includes(subaccount))
      throw new ControlInputError(
        'subaccount',
        `account "${user}" has no subaccount ${JSON.stringify(subaccount)} (subaccounts: ${numbers.join(', ')})`,
        404,
        'subaccount_not_found',
      );
    return subaccount;
  };
  /** The account a filter names (user and subaccount, both checked), its keys all ones the method takes. */
  const accountOf = (filter: AccountFilter | undefined, filters: Readonly<Record<string, 1>> = ACCOUNT_FILTERS) => {
    if (filter !== undefined) checkKnownKeys(filter, filters);
    const user = userOf(filter);
    return { user, subaccount: subaccountOf(user, filter) };
  };
  return {
    orders(filter) {
      const { user, subaccount } = accountOf(filter, { ...BY_TICKER, status: 1 });
      // Kalshi's order statuses (kalshi-api-notes §5: resting, canceled, executed); another ('open') matches nothing.
      if (filter?.status !== undefined && !ORDER_STATUSES.includes(filter.status))
        throw new ControlInputError(
          'status',
          `${JSON.stringify(filter.status)} is not one of ${ORDER_STATUSES.join(', ')}`,
        );
      return [...exchange.orders.values()]
        .filter(
          (o) =>
            o.userId === user &&
            (subaccount === undefined || o.subaccount === subaccount) &&
            (filter?.ticker === undefined || o.ticker === filter.ticker) &&
            (filter?.status === undefined || o.status === filter.status),
        )
        .reverse()
        .map(inspectOrder);
    },
    order(orderId) {
      const order = exchange.orders.get(orderId);
      return order && inspectOrder(order);
    },
    positions(filter) {
      const { user, subaccount } = accountOf(filter, BY_TICKER);
      const account = exchange.accounts.has(user) ? ledger(exchange, user, subaccount) : undefined;
      return [...(account?.positions ?? [])]
        .filter(([ticker, p]) => (filter?.ticker === undefined || ticker === filter.ticker) && listsPosition(p))
        .map(([ticker, p]) => ({
          ticker,
          position_fp: formatCount(p.position),
          market_exposure_dollars: dollars6(p.exposure),
          total_traded_dollars: dollars6(p.totalTraded),
          realized_pnl_dollars: dollars6(p.realizedPnl),
          fees_paid_dollars: dollars6(p.fees),
          last_updated_ts: iso(p.lastUpdated),
        }));
    },
    balance(filter) {
      const { user, subaccount } = accountOf(filter);
      const { balance, balance_dollars, portfolio_value } = presentBalance(exchange, user, subaccount);
      return { balance, balance_dollars, portfolio_value } as InspectedBalance;
    },
    fills(filter) {
      const { user, subaccount } = accountOf(filter, { ...BY_TICKER, orderId: 1 });
      return exchange.fills
        .filter(
          (f) =>
            f.userId === user &&
            (subaccount === undefined || (exchange.orders.get(f.orderId)?.subaccount ?? 0) === subaccount) &&
            (filter?.ticker === undefined || f.ticker === filter.ticker) &&
            (filter?.orderId === undefined || f.orderId === filter.orderId),
        )
        .reverse()
        .map((fill) => inspectFill(exchange, fill));
    },
  };
}

function inspectOrder(order: OrderState): InspectedOrder {
  return {
    order_id: order.orderId,
    user_id: order.userId,
    client_order_id: order.clientOrderId,
    ticker: order.ticker,
    status: order.status,
    outcome_side: outcomeOf(order.side),
    book_side: order.side,
    yes_price_dollars: dollars(order.price),
    no_price_dollars: dollars(ONE_DOLLAR - order.price),
    initial_count_fp: formatCount(order.initialCount),
    fill_count_fp: formatCount(order.fillCount),
    remaining_count_fp: formatCount(order.remainingCount),
    taker_fill_cost_dollars: dollars6(order.takerFillCost),
    maker_fill_cost_dollars: dollars6(order.makerFillCost),
    taker_fees_dollars: dollars6(order.takerFees),
    maker_fees_dollars: dollars6(order.makerFees),
    created_time: iso(order.createdTime),
    last_update_time: iso(order.lastUpdateTime),
    subaccount_number: order.subaccount,
  };
}

/** The REST fill (presentFill) without its deprecated and per-instance fields. */
function inspectFill(exchange: Exchange, fill: FillRecord): InspectedFill {
  const { side, action, market_ticker, ts, exchange_index, ...rest } = presentFill(exchange, fill);
  return rest as unknown as InspectedFill;
}

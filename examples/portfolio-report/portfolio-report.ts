// A portfolio and P&L report of one subaccount, the primary (0) by default: cash, fills, then each market position
// with its cost, realized P&L, fees and its value — at the current bid (what selling now would fetch), or at its
// payout once the market has a result — and each settled market with its realized P&L and fees, exactly
// (fixed-point strings in, integer micro-dollars inside). Amounts are shown with 2 decimals, or all of theirs (up to 6)
// when they hold fractions of a cent: nothing is rounded.
//
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=kalshi.pem npx tsx portfolio-report.ts [subaccount]
import { pathToFileURL } from 'node:url';
import {
  COUNT_UNITS,
  type components,
  createKalshiClient,
  DOLLAR_UNITS,
  type FixedPointDollars,
  formatCount,
  formatDollars,
  type KalshiClient,
  KalshiNotFoundError,
  notional,
  parseCount,
  parseDollars,
  unwrap,
} from '@org/kalshi-client';

/** One market position, in Kalshi's fixed-point strings. */
export interface PositionLine {
  readonly ticker: string;
  /** Contracts held: positive for YES, negative for NO; 0 for a position closed out (its P&L and fees still count). */
  readonly position: string;
  /** What the position cost (Kalshi's `market_exposure_dollars`). */
  readonly cost: FixedPointDollars;
  /** What selling it at the current best bid would fetch, or what it pays when its market has a `result`. */
  readonly value: FixedPointDollars;
  /** `value − cost`. */
  readonly unrealizedPnl: FixedPointDollars;
  readonly realizedPnl: FixedPointDollars;
  readonly fees: FixedPointDollars;
  /** The market's result when it has one: the position is valued at its payout (or was paid it, when settled). */
  readonly result?: string;
  /**
   * The market has settled: the position has left Kalshi's positions (which list only unsettled ones), and its line
   * comes from its fills and its settlement — realized P&L with the payout, fees of every fill.
   */
  readonly settled?: true;
}

/** The whole report, every figure of one subaccount. */
export interface PortfolioReport {
  readonly subaccount: number;
  readonly cash: FixedPointDollars;
  readonly positions: readonly PositionLine[];
  readonly fills: number;
  readonly totals: {
    readonly unrealizedPnl: FixedPointDollars;
    readonly realizedPnl: FixedPointDollars;
    readonly fees: FixedPointDollars;
  };
}

/** Micro-dollars as dollars, exactly: 2 decimals, or 4 or 6 when the amount has fractions of a cent. */
export function dollars(micro: number): FixedPointDollars {
  return formatDollars(micro, micro % 10_000 === 0 ? 2 : micro % 100 === 0 ? 4 : 6);
}

/** What one YES contract pays once its market has a result (its book is empty until then); undefined before. */
function yesPayout(market: components['schemas']['Market']): number | undefined {
  const payout =
    market.settlement_value_dollars ?? (market.result === 'yes' ? '1.00' : market.result === 'no' ? '0.00' : undefined);
  return payout === undefined ? undefined : parseDollars(payout);
}

/** A market's fills, summed: cash in YES terms, net YES contracts, fees (micro-dollars and centi-contracts). */
interface Traded {
  flow: number;
  net: number;
  fees: number;
}

/**
 * The subaccount number of the command line (`portfolio-report.ts [subaccount]`): 0, the primary, when left out;
 * 1–63 for a subaccount (spec Fill.subaccount_number: "0 for primary, 1-63 for subaccounts").
 */
export function parseSubaccount(arg: string | undefined): number {
  if (arg === undefined) return 0;
  const n = /^\d{1,2}$/.test(arg) ? Number(arg) : Number.NaN;
  if (!(n >= 0 && n <= 63))
    throw new RangeError(`subaccount: must be a whole number from 0 (primary) to 63, got "${arg}"`);
  return n;
}

/**
 * Reads the subaccount's balance, positions (all pages), each held market, its fills and its settlements, and builds
 * the report. Every read names the subaccount: left out, Kalshi's balance and positions are the primary's but its
 * fills and settlements are every subaccount's.
 *
 * A settled market is no longer in `/portfolio/positions` ("only unsettled positions", kalshi-api-notes §7): its line
 * is built from its fills and its `/portfolio/settlements` row. A NO contract is $1 less a YES contract, so in YES
 * terms every fill buys (outcome `yes`) or sells (outcome `no`) YES at its `yes_price_dollars`, and the realized P&L is
 * the fills' cash plus the settlement's worth of the net YES contracts, `revenue − no_count × $1` (revenue pays YES
 * holders the YES value and NO holders 1 − it; for a scalar result, whole cents, that value is read from the market).
 * This holds for a part sold before settlement too. Its fees are the settlement row's `fee_cost` (spec Settlement.fee_cost:
 * "Total fees paid": its fills' fees, settling charges none on a yes/no market, kalshi-api-notes §5.15), not added to its
 * fills' again. Fills are read from `/portfolio/fills` and, for those past Kalshi's historical cutoff, `/historical/fills`.
 */
export async function portfolioReport(kalshi: KalshiClient, subaccount = 0): Promise<PortfolioReport> {
  const { balance_dollars } = unwrap(await kalshi.GET('/portfolio/balance', { params: { query: { subaccount } } }));
  const positions: PositionLine[] = [];
  let unrealized = 0;
  let realized = 0;
  let fees = 0;
  const query = { subaccount, limit: 200 };
  // The fills first, then the positions: a trade landing between the two reads is then in a position listed (whose
  // own figures count), not in fills of a market no list shows. Fills before Kalshi's historical cutoff (about three
  // months back) are only on /historical/fills (kalshi-api-notes §6.7): a settled market's older fills are there. A
  // fill that crosses the cutoff between the two reads is in both.
  let fills = 0;
  const traded = new Map<string, Traded>();
  const fillIds = new Set<string>();
  const live = kalshi.paginate('/portfolio/fills', { params: { query } });
  const archived = kalshi.paginate('/historical/fills', { params: { query } });
  for await (const fill of concat(live, archived)) {
    if (fillIds.has(fill.fill_id)) continue;
    fillIds.add(fill.fill_id);
    fills++;
    const t = traded.get(fill.ticker) ?? { flow: 0, net: 0, fees: 0 };
    traded.set(fill.ticker, t);
    const count = parseCount(fill.count_fp);
    const cash = notional(parseDollars(fill.yes_price_dollars), count);
    const buysYes = fill.outcome_side === 'yes';
    t.flow += buysYes ? -cash : cash;
    t.net += buysYes ? count : -count;
    t.fees += parseDollars(fill.fee_cost);
  }
  const listed = new Set<string>();
  for await (const page of kalshi.paginate('/portfolio/positions', { params: { query } }).pages()) {
    for (const p of page.market_positions) {
      listed.add(p.ticker);
      // A position closed out (0 held) keeps its realized P&L and fees: they count like any other's.
      const realizedPnl = parseDollars(p.realized_pnl_dollars);
      const paid = parseDollars(p.fees_paid_dollars);
      realized += realizedPnl;
      fees += paid;
      const held = parseCount(p.position_fp);
      const cost = parseDollars(p.market_exposure_dollars);
      let value = 0;
      let result: string | undefined;
      if (held !== 0) {
        const { market } = unwrap(await kalshi.GET('/markets/{ticker}', { params: { path: { ticker: p.ticker } } }));
        const yesPays = yesPayout(market);
        if (yesPays !== undefined) result = market.result;
        // Before a result, selling fetches the best bid of the side held; after, a YES contract pays the payout, a NO
        // one 1 − it.
        let worth = yesPays ?? (await bestBid(kalshi, p.ticker, held > 0));
        if (yesPays !== undefined && held < 0) worth = DOLLAR_UNITS - yesPays;
        value = notional(worth, Math.abs(held));
      }
      unrealized += value - cost;
      positions.push({
        ticker: p.ticker,
        position: formatCount(held),
        cost: dollars(cost),
        value: dollars(value),
        unrealizedPnl: dollars(value - cost),
        realizedPnl: dollars(realizedPnl),
        fees: dollars(paid),
        ...(result ? { result } : {}),
      });
    }
  }
  const settledLine = (ticker: string, realizedPnl: number, paid: number, result?: string) => {
    realized += realizedPnl;
    fees += paid;
    positions.push({
      ticker,
      position: '0.00',
      cost: '0.00',
      value: '0.00',
      unrealizedPnl: '0.00',
      realizedPnl: dollars(realizedPnl),
      fees: dollars(paid),
      ...(result ? { result } : {}),
      settled: true,
    });
  };
  const settledTickers = new Set<string>();
  for await (const s of kalshi.paginate('/portfolio/settlements', { params: { query } })) {
    if (listed.has(s.ticker) || settledTickers.has(s.ticker)) continue;
    settledTickers.add(s.ticker);
    const t = traded.get(s.ticker) ?? { flow: 0, net: 0, fees: 0 };
    const yes = parseCount(s.yes_count_fp);
    const no = parseCount(s.no_count_fp);
    // `revenue` is in int cents (notes §7: "Mixed units are intentional"): exact for a yes/no result ($1 or nothing a
    // contract, in steps of 0.01 contracts), not for a scalar one, whose YES pays the market's settlement value
    // (to $0.0001) and NO 1 − it: that one is read from the market.
    let payout = s.revenue * (DOLLAR_UNITS / 100) - notional(DOLLAR_UNITS, no);
    if (s.market_result === 'scalar') {
      const value = await settlementValue(kalshi, s.ticker);
      payout = notional(value, yes) + notional(DOLLAR_UNITS - value, no) - notional(DOLLAR_UNITS, no);
    }
    settledLine(s.ticker, t.flow + payout, parseDollars(s.fee_cost), s.market_result);
  }
  // Traded, but in neither list: a position closed out (0 held) whose market then settled, with nothing to pay. Its
  // fills' cash is its realized P&L. Contracts still held there mean the lists disagree with the fills: no guessing.
  for (const [ticker, t] of traded) {
    if (listed.has(ticker) || settledTickers.has(ticker)) continue;
    if (t.net !== 0)
      throw new Error(
        `${ticker}: fills hold ${formatCount(t.net)} YES net, but neither /portfolio/positions nor /portfolio/settlements lists the market`,
      );
    settledLine(ticker, t.flow, t.fees);
  }
  return {
    subaccount,
    cash: balance_dollars,
    positions,
    fills,
    totals: { unrealizedPnl: dollars(unrealized), realizedPnl: dollars(realized), fees: dollars(fees) },
  };
}

/** A settled market's `settlement_value_dollars`, from the live markets or, settled long ago, the historical ones. */
async function settlementValue(kalshi: KalshiClient, ticker: string): Promise<number> {
  const params = { params: { path: { ticker } } };
  let market: components['schemas']['Market'];
  try {
    ({ market } = unwrap(await kalshi.GET('/markets/{ticker}', params)));
  } catch (error) {
    // Markets settled before Kalshi's historical cutoff are only on /historical/markets (kalshi-api-notes §6.7).
    if (!(error instanceof KalshiNotFoundError)) throw error;
    ({ market } = unwrap(await kalshi.GET('/historical/markets/{ticker}', params)));
  }
  const value = yesPayout(market);
  if (value === undefined) throw new Error(`${ticker}: settled as scalar, but the market shows no settlement value`);
  return value;
}

/**
 * The best bid of a market's YES or NO side, from its order book (0 when that side has none). Not from the market's
 * quote fields: with no liquidity they hold boundary values, inconsistently — a recorded market had a YES ask of
 * "0.0000" (kalshi-api-notes, Market), which would price a NO contract at $1.
 */
async function bestBid(kalshi: KalshiClient, ticker: string, yes: boolean): Promise<number> {
  const { orderbook_fp: book } = unwrap(
    await kalshi.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
  );
  // A side may be missing or null in a quiet market's book (kalshi-api-notes: "tolerate missing/null side arrays").
  const levels: readonly (readonly string[])[] = (yes ? book.yes_dollars : book.no_dollars) ?? [];
  return Math.max(0, ...levels.map(([price = '0']) => parseDollars(price)));
}

async function* concat<T>(...lists: AsyncIterable<T>[]): AsyncGenerator<T> {
  for (const list of lists) yield* list;
}

/** The report as text, one line per position. */
export function formatReport(report: PortfolioReport): string {
  const account = report.subaccount === 0 ? 'primary account' : `subaccount ${report.subaccount}`;
  const lines = [`${account}: cash $${report.cash}, ${report.fills} fills`];
  for (const p of report.positions) {
    const held = parseCount(p.position);
    const pnl = `realized ${p.realizedPnl}, fees ${p.fees}`;
    if (p.settled) {
      lines.push(`${p.ticker}: settled${p.result ? ` (result ${p.result})` : ''}, ${pnl}`);
      continue;
    }
    if (held === 0) {
      lines.push(`${p.ticker}: closed, ${pnl}`);
      continue;
    }
    const count = `${Math.abs(held) / COUNT_UNITS} ${held < 0 ? 'NO' : 'YES'}`;
    const worth = p.result ? `pays $${p.value} (result ${p.result})` : `worth $${p.value}`;
    lines.push(`${p.ticker}: ${count}, cost $${p.cost}, ${worth} (unrealized ${p.unrealizedPnl}), ${pnl}`);
  }
  const { unrealizedPnl, realizedPnl, fees } = report.totals;
  lines.push(`total: unrealized ${unrealizedPnl}, realized ${realizedPnl}, fees ${fees}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const subaccount = parseSubaccount(process.argv[2]);
  const kalshi = await createKalshiClient({ environment: 'demo', credentials: 'env' });
  console.log(formatReport(await portfolioReport(kalshi, subaccount)));
}

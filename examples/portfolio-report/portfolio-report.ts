// A portfolio and P&L report of one subaccount, the primary (0) by default: cash, fills, then each market position
// with its cost, realized P&L, fees and its value — at the current bid (what selling now would fetch), or at its
// payout once the market has a result — exactly (fixed-point strings in, integer micro-dollars inside). Amounts are
// shown with 2 decimals, or all of theirs (up to 6) when they hold fractions of a cent: nothing is rounded.
//
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=kalshi.pem npx tsx portfolio-report.ts
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
  /** The market's result when it has one (determined, not paid yet): the position is valued at its payout. */
  readonly result?: string;
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

/**
 * Reads the subaccount's balance, positions (all pages), each held market and its fills, and builds the report.
 * Every read names the subaccount: left out, Kalshi's balance and positions are the primary's but its fills are
 * every subaccount's.
 */
export async function portfolioReport(kalshi: KalshiClient, subaccount = 0): Promise<PortfolioReport> {
  const { balance_dollars } = unwrap(await kalshi.GET('/portfolio/balance', { params: { query: { subaccount } } }));
  const positions: PositionLine[] = [];
  let unrealized = 0;
  let realized = 0;
  let fees = 0;
  const query = { subaccount, limit: 200 };
  for await (const page of kalshi.paginate('/portfolio/positions', { params: { query } }).pages()) {
    for (const p of page.market_positions) {
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
        // A NO contract is worth 1 − a YES contract: its bid is 1 − the YES ask.
        const yes = yesPays ?? parseDollars(held > 0 ? market.yes_bid_dollars : market.yes_ask_dollars);
        value = notional(held > 0 ? yes : DOLLAR_UNITS - yes, Math.abs(held));
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
  let fills = 0;
  for await (const _fill of kalshi.paginate('/portfolio/fills', { params: { query } })) fills++;
  return {
    subaccount,
    cash: balance_dollars,
    positions,
    fills,
    totals: { unrealizedPnl: dollars(unrealized), realizedPnl: dollars(realized), fees: dollars(fees) },
  };
}

/** The report as text, one line per position. */
export function formatReport(report: PortfolioReport): string {
  const account = report.subaccount === 0 ? 'primary account' : `subaccount ${report.subaccount}`;
  const lines = [`${account}: cash $${report.cash}, ${report.fills} fills`];
  for (const p of report.positions) {
    const held = parseCount(p.position);
    const pnl = `realized ${p.realizedPnl}, fees ${p.fees}`;
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
  const kalshi = await createKalshiClient({ environment: 'demo', credentials: 'env' });
  console.log(formatReport(await portfolioReport(kalshi)));
}

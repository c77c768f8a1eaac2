// A portfolio and P&L report: cash, then each market position with its cost, realized P&L, fees and its value at
// the current bid (what selling now would fetch), exactly (fixed-point strings in, integer micro-dollars inside).
//
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=kalshi.pem npx tsx portfolio-report.ts
import { pathToFileURL } from 'node:url';
import {
  COUNT_UNITS,
  createKalshiClient,
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
  /** Contracts held: positive for YES, negative for NO. */
  readonly position: string;
  /** What the position cost (Kalshi's `market_exposure_dollars`). */
  readonly cost: FixedPointDollars;
  /** What selling it at the current best bid would fetch. */
  readonly value: FixedPointDollars;
  /** `value − cost`. */
  readonly unrealizedPnl: FixedPointDollars;
  readonly realizedPnl: FixedPointDollars;
  readonly fees: FixedPointDollars;
}

/** The whole report. */
export interface PortfolioReport {
  readonly cash: FixedPointDollars;
  readonly positions: readonly PositionLine[];
  readonly fills: number;
  readonly totals: { readonly unrealizedPnl: FixedPointDollars; readonly realizedPnl: FixedPointDollars };
}

/** Reads balance, positions (all pages), each held market's bid and the fills, and builds the report. */
export async function portfolioReport(kalshi: KalshiClient): Promise<PortfolioReport> {
  const { balance_dollars } = unwrap(await kalshi.GET('/portfolio/balance'));
  const positions: PositionLine[] = [];
  let unrealized = 0;
  let realized = 0;
  for await (const page of kalshi.paginate('/portfolio/positions', { params: { query: { limit: 200 } } }).pages()) {
    for (const p of page.market_positions) {
      const held = parseCount(p.position_fp);
      if (held === 0) continue;
      const { market } = unwrap(await kalshi.GET('/markets/{ticker}', { params: { path: { ticker: p.ticker } } }));
      // A NO contract's bid is 1 − the YES ask.
      const bid = held > 0 ? parseDollars(market.yes_bid_dollars) : 1_000_000 - parseDollars(market.yes_ask_dollars);
      const value = notional(bid, Math.abs(held));
      const cost = parseDollars(p.market_exposure_dollars);
      unrealized += value - cost;
      realized += parseDollars(p.realized_pnl_dollars);
      positions.push({
        ticker: p.ticker,
        position: formatCount(held),
        cost: p.market_exposure_dollars,
        value: formatDollars(value, 2),
        unrealizedPnl: formatDollars(value - cost, 2),
        realizedPnl: p.realized_pnl_dollars,
        fees: p.fees_paid_dollars,
      });
    }
  }
  let fills = 0;
  for await (const _fill of kalshi.paginate('/portfolio/fills', { params: { query: { limit: 200 } } })) fills++;
  return {
    cash: balance_dollars,
    positions,
    fills,
    totals: { unrealizedPnl: formatDollars(unrealized, 2), realizedPnl: formatDollars(realized, 2) },
  };
}

/** The report as text, one line per position. */
export function formatReport(report: PortfolioReport): string {
  const lines = [`cash $${report.cash}, ${report.fills} fills`];
  for (const p of report.positions) {
    const side = p.position.startsWith('-') ? 'NO' : 'YES';
    const count = (Math.abs(parseCount(p.position)) / COUNT_UNITS).toString();
    lines.push(
      `${p.ticker}: ${count} ${side}, cost $${p.cost}, worth $${p.value} (unrealized ${p.unrealizedPnl}), realized ${p.realizedPnl}, fees ${p.fees}`,
    );
  }
  lines.push(`total: unrealized ${report.totals.unrealizedPnl}, realized ${report.totals.realizedPnl}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kalshi = await createKalshiClient({ environment: 'demo', credentials: 'env' });
  console.log(formatReport(await portfolioReport(kalshi)));
}

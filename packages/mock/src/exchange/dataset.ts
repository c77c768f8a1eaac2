import type { EventState, MarketState, MarketStatus, SeriesState, TradeRecord } from './types';

export interface MarketSeed {
  readonly market: MarketState;
  /** Fair YES price in micro-dollars, around which the house maker quotes (active markets only). */
  readonly fair: number;
  /** The book to rest instead of quotes around `fair` (YES bids and NO bids, micro-dollars and centi-contracts). */
  readonly book?: { readonly yes: [number, number][]; readonly no: [number, number][] };
  /** Trades that already happened (a captured dataset's recent trades). */
  readonly trades?: readonly TradeRecord[];
}

export interface Dataset {
  readonly series: SeriesState[];
  readonly events: EventState[];
  readonly markets: MarketSeed[];
  /**
   * What the house maker's orders resting the `book`s of active markets hold (micro-dollars): the house opens with it
   * on top of its usual cash, so a captured book of any depth rests as captured. Absent: 0 (the default dataset's
   * quotes fit in the usual cash).
   */
  readonly bookCollateral?: number;
}

const DAY = 86_400_000;

const SERIES: readonly (Omit<SeriesState, 'feeMultiplierBp'> & {
  strikes: string[];
  label: string;
  /** One winner among the markets (a game), not a ladder of "above" strikes. */
  mutuallyExclusive?: true;
})[] = [
  {
    ticker: 'KXHIGHNY',
    title: 'Highest temperature in NYC',
    category: 'Climate and Weather',
    frequency: 'daily',
    feeType: 'quadratic',
    label: 'High temp',
    strikes: ['T60', 'T65', 'T70', 'T75', 'T80'],
  },
  {
    ticker: 'KXFED',
    title: 'Fed funds target rate',
    category: 'Economics',
    frequency: 'custom',
    feeType: 'quadratic_with_maker_fees',
    label: 'Fed upper bound',
    strikes: ['T3.75', 'T4.00', 'T4.25', 'T4.50', 'T4.75'],
  },
  {
    ticker: 'KXBTCD',
    title: 'Bitcoin price at 5pm ET',
    category: 'Crypto',
    frequency: 'daily',
    feeType: 'quadratic',
    label: 'BTC above',
    strikes: ['T90000', 'T95000', 'T100000', 'T105000', 'T110000'],
  },
  {
    ticker: 'KXNBAGAME',
    title: 'NBA game winner',
    category: 'Sports',
    frequency: 'custom',
    feeType: 'quadratic',
    label: 'Winner',
    strikes: ['BOS', 'NYK', 'LAL', 'GSW', 'MIA'],
    mutuallyExclusive: true,
  },
  {
    ticker: 'KXCPI',
    title: 'CPI year over year',
    category: 'Economics',
    frequency: 'monthly',
    feeType: 'quadratic',
    label: 'CPI above',
    strikes: ['T2.5', 'T2.7', 'T2.9', 'T3.1', 'T3.3'],
  },
];

const EVENT_DATES = ['26DEC01', '26DEC15', '27JAN05'];

/**
 * The default dataset: 5 series × 3 events × 5 markets = 75 markets. Most are active (open for trading); the first
 * event of two series is already closed or settled, and the last event of one series has not opened yet.
 */
export function defaultDataset(random: () => number, now: number): Dataset {
  const series: SeriesState[] = [];
  const events: EventState[] = [];
  const markets: MarketSeed[] = [];
  SERIES.forEach((s, seriesIndex) => {
    series.push({
      ticker: s.ticker,
      title: s.title,
      category: s.category,
      frequency: s.frequency,
      feeType: s.feeType,
      feeMultiplierBp: 10_000,
    });
    EVENT_DATES.forEach((date, eventIndex) => {
      const eventTicker = `${s.ticker}-${date}`;
      events.push({
        eventTicker,
        seriesTicker: s.ticker,
        title: `${s.title} on ${date}`,
        subTitle: date,
        mutuallyExclusive: s.mutuallyExclusive === true,
      });
      const status = statusFor(seriesIndex, eventIndex);
      const fairs = eventFairs(random, s.strikes.length, s.mutuallyExclusive === true);
      s.strikes.forEach((strike, strikeIndex) => {
        const fair = fairs[strikeIndex] as number;
        const opensIn = status === 'initialized' ? DAY : -7 * DAY;
        const closesIn = status === 'active' || status === 'initialized' ? (20 + eventIndex * 10) * DAY : -DAY;
        markets.push({
          fair,
          market: {
            ticker: `${eventTicker}-${strike}`,
            eventTicker,
            title: `${s.label} ${strike} on ${date}`,
            yesSubTitle: `${s.label} ${strike}`,
            status,
            createdTime: now - 10 * DAY,
            openTime: now + opensIn,
            closeTime: now + closesIn,
            tick: 10_000,
            result:
              status === 'determined' || status === 'finalized'
                ? resultOf(fairs, strikeIndex, s.mutuallyExclusive)
                : '',
            settledTime: status === 'finalized' ? now - DAY / 2 : undefined,
            // No trade behind it yet: "0.0000" when never traded (notes §6.1); `fair` only centres the house book.
            lastPrice: 0,
            lastTradeSize: 0,
            volume: 0,
            updatedTime: now,
          },
        });
      });
    });
  });
  return { series, events, markets };
}

/**
 * Fair YES prices (micro-dollars, whole cents) of one event's markets, as such markets price: on a ladder of "above"
 * strikes the price falls as the strike rises; in a game, one team wins, so the prices sum to about $1.
 */
function eventFairs(random: () => number, count: number, mutuallyExclusive: boolean): number[] {
  const cents = Array.from({ length: count }, () => 10 + Math.floor(random() * 80));
  if (!mutuallyExclusive) return cents.sort((a, b) => b - a).map((c) => c * 10_000);
  const sum = cents.reduce((a, b) => a + b, 0);
  return cents.map((c) => Math.max(1, Math.round((c / sum) * 100)) * 10_000);
}

/** A settled event's results agree with its prices: "above" strikes priced over 50¢ resolve yes; a game's favourite wins. */
function resultOf(fairs: number[], index: number, mutuallyExclusive?: true): 'yes' | 'no' {
  const fair = fairs[index] as number;
  if (mutuallyExclusive) return fair === Math.max(...fairs) && fairs.indexOf(fair) === index ? 'yes' : 'no';
  return fair > 500_000 ? 'yes' : 'no';
}

function statusFor(seriesIndex: number, eventIndex: number): MarketStatus {
  if (eventIndex === 0 && seriesIndex === 1) return 'finalized';
  if (eventIndex === 0 && seriesIndex === 4) return 'determined';
  if (eventIndex === 2 && seriesIndex === 3) return 'initialized';
  return 'active';
}

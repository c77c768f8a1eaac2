// Candles in the spec's two shapes: live `MarketCandlestick` (`*_dollars`, `volume_fp`; trade prices omitted when
// nothing traded, as recorded responses show; null on include_latest_before_start's synthetic candle, as the spec
// says) and `MarketCandlestickHistorical` (bare names; nulls when nothing traded).
import type { Candle, Ohlc } from '../exchange/candles';
import { formatCount } from '../generated/fixed-point';
import { dollars } from '../shared/present';

type Json = Record<string, unknown>;

const quote = (o: Ohlc): Json => ({
  open_dollars: dollars(o.open),
  low_dollars: dollars(o.low),
  high_dollars: dollars(o.high),
  close_dollars: dollars(o.close),
});

export function presentCandle(candle: Candle): Json {
  const price: Json = candle.price
    ? { ...quote(candle.price), mean_dollars: dollars(candle.price.mean) }
    : candle.synthetic
      ? { open_dollars: null, low_dollars: null, high_dollars: null, close_dollars: null }
      : {};
  if (candle.previous !== undefined) price.previous_dollars = dollars(candle.previous);
  return {
    end_period_ts: candle.endPeriodTs,
    yes_bid: quote(candle.yesBid),
    yes_ask: quote(candle.yesAsk),
    price,
    volume_fp: formatCount(candle.volume),
    open_interest_fp: formatCount(candle.openInterest),
  };
}

const bare = (o: Ohlc): Json => ({
  open: dollars(o.open),
  low: dollars(o.low),
  high: dollars(o.high),
  close: dollars(o.close),
});

export function presentHistoricalCandle(candle: Candle): Json {
  const traded = candle.price;
  return {
    end_period_ts: candle.endPeriodTs,
    yes_bid: bare(candle.yesBid),
    yes_ask: bare(candle.yesAsk),
    price: {
      open: traded ? dollars(traded.open) : null,
      low: traded ? dollars(traded.low) : null,
      high: traded ? dollars(traded.high) : null,
      close: traded ? dollars(traded.close) : null,
      mean: traded ? dollars(traded.mean) : null,
      previous: candle.previous === undefined ? null : dollars(candle.previous),
    },
    volume: formatCount(candle.volume),
    open_interest: formatCount(candle.openInterest),
  };
}

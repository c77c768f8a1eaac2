// Exact money and counts: one implementation, generated next to the types (see @org/kalshi-codegen's runtime).
export {
  CENT_UNITS,
  COUNT_UNITS,
  centsToDollars,
  DOLLAR_UNITS,
  dollarsToCents,
  type FixedPointCount,
  type FixedPointDollars,
  FixedPointError,
  formatCount,
  formatDollars,
  notional,
  parseCount,
  parseDollars,
} from './generated/fixed-point';

// Exact fixed-point money and contract counts for Kalshi's API.
//
// This file is real source in @org/kalshi-codegen and is copied verbatim next to the generated types
// (`generated/fixed-point.ts`) so that every package reads and writes these strings the same way without a
// runtime dependency on the code generator. Keep it dependency-free.
//
// Values are held as integers in fixed units, never as floats:
//   dollars: micro-dollars (1e-6 $), the finest precision Kalshi emits ("0.017500");
//   counts:  centi-contracts (0.01 contracts), Kalshi's contract granularity.
// Integers stay exact up to Number.MAX_SAFE_INTEGER (about $9 billion, or 9e13 contracts); beyond that the
// functions throw instead of losing precision.

/** A fixed-point US dollar string such as `"0.5600"` (requests: 2-4 decimals; responses: up to 6). */
export type FixedPointDollars = `${number}`;
/** A fixed-point contract count string such as `"10.00"` (requests: 0-2 decimals; responses: 2). */
export type FixedPointCount = `${number}`;

/** Micro-dollars per dollar. */
export const DOLLAR_UNITS = 1_000_000;
/** Centi-contracts per contract. */
export const COUNT_UNITS = 100;
/** Micro-dollars per cent. */
export const CENT_UNITS = 10_000;

/** Thrown when a fixed-point string or unit value is malformed or out of range; `field` names the input. */
export class FixedPointError extends TypeError {
  override name = 'FixedPointError';
  // No constructor parameter properties here or in rate-limits.ts: Node's type stripping (the README's `.ts` imports of
  // generated files) refuses them.
  declare readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** Parses a decimal string into integer units of 10^-scaleDigits, rejecting more than maxDecimals decimals. */
function parseScaled(value: unknown, scaleDigits: number, maxDecimals: number, field: string): number {
  digitsIn(maxDecimals, scaleDigits, field, 'maxDecimals');
  if (typeof value !== 'string') {
    throw new FixedPointError(
      field,
      `expected a decimal string, got ${typeof value === 'number' ? 'a number' : typeof value}`,
    );
  }
  // A character scan instead of a regex: order books parse millions of these a second.
  const negative = value.charCodeAt(0) === 45; // '-'
  let i = negative ? 1 : 0;
  let units = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 && decimals === -1 && digits > 0) {
      decimals = 0; // '.'
    } else if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
      if (decimals !== -1) decimals++;
    } else break;
  }
  const places = decimals === -1 ? 0 : decimals;
  units *= 10 ** (scaleDigits - places);
  // One throw, in the order checked: a reason, or '' for a value read. excerpt() written out in one throw: a call in
  // each of three throws cost the client bundle 16 bytes gzip.
  const why =
    i < value.length || digits === 0 || decimals === 0
      ? 'is not a decimal number'
      : places > maxDecimals
        ? `has ${places} decimals; at most ${maxDecimals} allowed`
        : Number.isSafeInteger(units)
          ? ''
          : 'is too large';
  if (why) throw new FixedPointError(field, `"${value.length > 64 ? `${value.slice(0, 64)}…` : value}" ${why}`);
  return negative && units !== 0 ? -units : units;
}

/**
 * A value as an error quotes it: a server may send one of megabytes (a WebSocket frame is read up to 16 MiB), so one
 * longer than 64 characters is cut there, marked "…", as @org/kalshi-auth cuts an option's name. Every value these
 * functions read fits whole (Number.MAX_SAFE_INTEGER units, with sign and point, is 18 characters). The order book's
 * errors quote a frame's values with it too; parseScaled writes it out (a call cost the order bundle bytes).
 */
export function excerpt(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/** A decimals argument must be a whole number of digits the unit can hold (else the scale would be fractional or negative). */
function digitsIn(decimals: number, scaleDigits: number, field: string, name: string): void {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= scaleDigits)) {
    throw new FixedPointError(field, `${name} must be an integer from 0 to ${scaleDigits}, got ${decimals}`);
  }
}

function formatScaled(units: number, scaleDigits: number, decimals: number, field: string): `${number}` {
  if (!Number.isSafeInteger(units)) throw new FixedPointError(field, `${units} is not a safe integer unit value`);
  digitsIn(decimals, scaleDigits, field, 'decimals');
  const drop = scaleDigits - decimals;
  if (drop > 0 && units % 10 ** drop !== 0) {
    throw new FixedPointError(field, `${units} units cannot be written with ${decimals} decimals without rounding`);
  }
  const abs = Math.abs(units);
  const whole = Math.trunc(abs / 10 ** scaleDigits);
  const fraction = String(abs % 10 ** scaleDigits)
    .padStart(scaleDigits, '0')
    .slice(0, decimals);
  const text = decimals > 0 ? `${whole}.${fraction}` : `${whole}`;
  return (units < 0 ? `-${text}` : text) as `${number}`;
}

/** `"0.5600"` → 560000 micro-dollars. Accepts up to `maxDecimals` (default 6) decimals. */
export function parseDollars(value: unknown, field = 'dollars', maxDecimals = 6): number {
  return parseScaled(value, 6, maxDecimals, field);
}

/** 560000 micro-dollars → `"0.5600"` (4 decimals by default, as Kalshi's requests and most responses use). */
export function formatDollars(microDollars: number, decimals = 4, field = 'dollars'): FixedPointDollars {
  return formatScaled(microDollars, 6, decimals, field);
}

/** `"10"`, `"10.5"` or `"10.50"` → 1050 centi-contracts. */
export function parseCount(value: unknown, field = 'count'): number {
  return parseScaled(value, 2, 2, field);
}

/** 1050 centi-contracts → `"10.50"` (always 2 decimals, as Kalshi emits). */
export function formatCount(centiContracts: number, field = 'count'): FixedPointCount {
  return formatScaled(centiContracts, 2, 2, field);
}

/** Integer cents → `"0.0100"`. */
export function centsToDollars(cents: number, field = 'cents'): FixedPointDollars {
  if (!Number.isSafeInteger(cents))
    throw new FixedPointError(
      field,
      typeof cents === 'number'
        ? `${cents} is not a whole number of cents`
        : `expected a whole number of cents, got ${typeof cents === 'string' ? `the string "${String(cents).slice(0, 40)}"` : typeof cents}`,
    );
  return formatDollars(cents * CENT_UNITS, 4, field);
}

/** `"0.0100"` → 1 cent; throws when the amount has a fraction of a cent. */
export function dollarsToCents(value: unknown, field = 'dollars'): number {
  const units = parseDollars(value, field);
  if (units % CENT_UNITS !== 0)
    throw new FixedPointError(field, `"${excerpt(value as string)}" is not a whole number of cents`);
  return units / CENT_UNITS;
}

// formatScaled's check, which writes it out: a call there cost the client bundle 12 bytes gzip.
function safeUnits(units: number, field: string): number {
  if (!Number.isSafeInteger(units)) throw new FixedPointError(field, `${units} is not a safe integer unit value`);
  return units;
}

/**
 * Cost of `centiContracts` at a price of `microDollars` each, in micro-dollars, rounded toward zero by default
 * or up (`'ceil'`) — exact integer arithmetic, no floats. Throws a FixedPointError (`field` `'notional'`) when the
 * exact result is beyond Number.MAX_SAFE_INTEGER.
 */
export function notional(microDollars: number, centiContracts: number, rounding: 'trunc' | 'ceil' = 'trunc'): number {
  if (rounding !== 'trunc' && rounding !== 'ceil') {
    throw new FixedPointError('rounding', `expected 'trunc' or 'ceil', got ${String(rounding)}`);
  }
  const product = BigInt(safeUnits(microDollars, 'microDollars')) * BigInt(safeUnits(centiContracts, 'centiContracts'));
  const hundred = BigInt(COUNT_UNITS);
  let result = product / hundred;
  if (rounding === 'ceil' && product % hundred !== 0n && product > 0n) result += 1n;
  const units = Number(result);
  if (!Number.isSafeInteger(units)) {
    throw new FixedPointError(
      'notional',
      `${microDollars} micro-dollars × ${centiContracts} centi-contracts is ${result} micro-dollars, beyond Number.MAX_SAFE_INTEGER`,
    );
  }
  return units;
}

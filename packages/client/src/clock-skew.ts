// A 401 `header_timestamp_expired` (kalshi-api-notes §2.2, §2.3) means this machine's clock is off from the exchange's;
// the refusal's `Date` header gives the exchange's time. One measure for REST (transport.ts `correctSkew`) and the
// stream's handshake.

/** The code of Kalshi's stale-timestamp refusal. */
export const STALE_TIMESTAMP = 'header_timestamp_expired';

/** What is logged at `warn` when a clock offset is measured. */
export const CLOCK_SKEW_MESSAGE = "clock skew: signing with the exchange's time";

/**
 * How far a signed timestamp can be from the exchange's time and still be accepted, as far as measured: ±10 s on prod,
 * ±5 s on demo (kalshi-api-notes §2.2). A timestamp closer than this was not refused for the clock (a proxy's cached
 * 401, say), and signing again with the exchange's time would change nothing.
 */
const ACCEPTED_SKEW_MS = 10_000;

/**
 * The largest offset believed: a clock can be hours off (a timezone set as UTC is up to 14 h off), not more than a
 * day. A `Date` further away (2099, 1900) is not Kalshi's clock, whose window is about ±30 s (§2.2), but something on
 * the path (a broken proxy or middlebox, a device with an unset clock): signing with it would only be refused, or,
 * before 1970, fail locally on every later request, with nothing sent to measure again.
 */
const MAX_OFFSET_MS = 86_400_000;

/**
 * The exchange's clock minus this machine's, in ms, from the `Date` header of a refusal of the `signed` timestamp
 * (KALSHI-ACCESS-TIMESTAMP) as stale (whole seconds, so the middle of that second is taken); undefined when there is
 * no readable date, when the date is implausible (before 1970, more than a day away), or when the signed timestamp
 * was close enough to it to have been accepted (then the clock is not why the request was refused).
 */
export function offsetFromDate(date: string | null | undefined, signed: string | undefined): number | undefined {
  const serverTime = (httpDate(date) ?? Number.NaN) + 500;
  const offset = serverTime - Date.now();
  // Also false for NaN. From 1970 on, so the time signed with (this machine's plus the offset) is never negative.
  if (!(serverTime > 0 && Math.abs(offset) <= MAX_OFFSET_MS)) return undefined;
  // A signer's own timestamp is compared (it may keep its own clock); none readable, the offset is taken.
  return Math.abs(serverTime - Number(signed)) < ACCEPTED_SKEW_MS ? undefined : offset;
}

/**
 * An HTTP-date (RFC 9110 §5.6.7) in ms: IMF-fixdate, or the obsolete RFC 850 and asctime forms a recipient must
 * accept, all three GMT; undefined for anything else. Date.parse alone takes any form, and reads one without a zone
 * (asctime's included) in this machine's time zone: hours off where that is not UTC.
 */
export function httpDate(value: string | null | undefined): number | undefined {
  const text = value ?? '';
  // asctime (`Sun Dec  6 12:02:00 2026`) reordered as `6 Dec 2026 12:02:00 GMT`; the others say GMT.
  const asctime = /^\w{3} (\w{3}) +(\d+) ([\d:]{8}) (\d{4})$/.exec(text);
  const gmt = asctime ? `${asctime[2]} ${asctime[1]} ${asctime[4]} ${asctime[3]} GMT` : text;
  return ((asctime || /^\w+, \d\d[ -]\w{3}[ -]\d+ [\d:]{8} GMT$/.test(text)) && Date.parse(gmt)) || undefined;
}

/**
 * Whether an offset measured is news to warn of: the first (`last` undefined; REST starts from 0), or one ACCEPTED_SKEW_MS
 * or more from the `last` one. The same offset measured again (a signer that keeps its own clock is refused on every
 * call) is not: its attempts stay on record at debug.
 */
export const isNewOffset = (offsetMs: number, last: number | undefined): boolean =>
  !(Math.abs(offsetMs - (last as number)) < ACCEPTED_SKEW_MS);

/** The timestamp to sign with: the exchange's time when an offset is known, else the signer's own clock. */
export const signingTime = (offsetMs: number | undefined): number | undefined =>
  offsetMs ? Date.now() + offsetMs : undefined;

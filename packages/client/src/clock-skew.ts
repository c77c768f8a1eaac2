// A 401 `header_timestamp_expired` (kalshi-api-notes §2.2, §2.3) means this machine's clock is off from the exchange's;
// the refusal's `Date` header gives the exchange's time. One measure for REST (transport.ts `correctSkew`) and the
// stream's handshake.

/** The code of Kalshi's stale-timestamp refusal. */
export const STALE_TIMESTAMP = 'header_timestamp_expired';

/** What is logged at `warn` when a clock offset is measured. */
export const CLOCK_SKEW_MESSAGE = "clock skew: signing with the exchange's time";

/**
 * The exchange's clock minus this machine's, in ms, from a `Date` header (whole seconds, so the middle of that second
 * is taken); undefined when there is no readable date.
 */
export function offsetFromDate(date: string | null | undefined): number | undefined {
  const serverDate = Date.parse(date ?? '');
  return Number.isNaN(serverDate) ? undefined : serverDate + 500 - Date.now();
}

/** The timestamp to sign with: the exchange's time when an offset is known, else the signer's own clock. */
export const signingTime = (offsetMs: number | undefined): number | undefined =>
  offsetMs ? Date.now() + offsetMs : undefined;

// The range of instants the exchange stores. Everything it stores is shown as an RFC 3339 date-time later, so an
// instant past year 9999 (or before 1970) would make a later read fail; writes are refused instead.

/** 9999-12-31T23:59:59.999Z, the last instant an RFC 3339 date-time (four-digit year) can show. */
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;

/** Whether Unix seconds are a whole instant the exchange can store (1970 through 9999). */
export function isStorableSeconds(seconds: number): boolean {
  return Number.isSafeInteger(seconds) && seconds >= 0 && seconds * 1000 <= MAX_TIMESTAMP_MS;
}

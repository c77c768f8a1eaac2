/** Exponential backoff with full jitter: a random delay up to `initial × 2^attempt`, capped at `max` (ms). */
export function backoffDelay(
  attempt: number,
  initialDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  return random() * Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
}

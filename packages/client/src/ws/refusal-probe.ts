// Node ≥ 22's built-in WebSocket tells nothing of a failed handshake (./connect-error), so a key revoked while the
// stream was down would be retried forever, the subscribers told nothing. Before such an unexplained failure is
// taken as a network one, one signed REST read on the same host, with the same key, asks: Kalshi checks the same
// three signed headers on the upgrade as on REST (kalshi-api-notes §2.5), so REST's 401 is the handshake's, with its
// code. The notes do not say the two checks are one; a 401 on both for one key and clock is our inference.
import type { KalshiApiError, KalshiConnectionError } from '../errors';
import { STREAM_PATH } from '../generated/stream-urls';
import { cannotConnect, handshakeError, unreachable } from './connect-error';

/** A read that needs a signature (GetBalance; kalshi-api-notes §2.4): its 401 is about the key or the clock. */
const PROBE_PATH = '/trade-api/v2/portfolio/balance';

export interface Refusal {
  /**
   * REST's 401, as the handshake's refusal (typed, with Kalshi's code and the key hint); or, when REST's connection
   * to the same host and port was refused (or its name did not resolve), the handshake's too: KalshiConnectionError,
   * as runtimes that say so name it (Bun, Deno, `ws`).
   */
  readonly error: KalshiApiError | KalshiConnectionError;
  /** Its `Date` header and the timestamp signed, to measure a clock skew from. */
  readonly date: string | null;
  readonly signed: string | undefined;
}

/**
 * REST's refusal of the stream's key for `url` (a WebSocket URL on Kalshi's path), or of its connection; undefined
 * when REST took the key, did not answer in time, the stream ended (`signal`), or `url` has no REST API beside it.
 */
export async function probeRefusal(
  url: string,
  sign: (url: string) => Promise<Record<string, string>>,
  signal: AbortSignal,
): Promise<Refusal | undefined> {
  const stream = new URL(url);
  if (!stream.pathname.endsWith(STREAM_PATH)) return undefined;
  const rest = new URL(stream.pathname.slice(0, -STREAM_PATH.length) + PROBE_PATH, stream);
  rest.protocol = stream.protocol === 'wss:' ? 'https:' : 'http:';
  try {
    const headers = await sign(rest.href);
    const response = await fetch(rest, { headers, signal, redirect: 'manual' });
    if (response.status !== 401) {
      await response.body?.cancel();
      return undefined;
    }
    const body = await response.text();
    return {
      error: handshakeError(401, body, url, headers['KALSHI-ACCESS-KEY']),
      date: response.headers.get('date'),
      signed: headers['KALSHI-ACCESS-TIMESTAMP'],
    };
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    if (typeof code === 'string' && unreachable(code))
      return { error: cannotConnect(code), date: null, signed: undefined };
    return undefined; // timed out or ended: nothing learnt, the failure stays as it was
  }
}

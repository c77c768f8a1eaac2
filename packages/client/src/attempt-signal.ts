import { onAbort } from './abort-listeners';

/**
 * Timeout controllers kept for reuse by one client. On Node 20 every new AbortSignal costs ~5 µs (it is made
 * transferable to workers) and, handed to fetch, a listener, a WeakRef and a FinalizationRegistry entry: together
 * most of what separated a client request from a bare signed fetch. A controller whose attempt ended without an
 * abort serves the next attempt. fetch keeps one listener per request on the signal until that request is garbage
 * collected, so a controller serves at most MAX_USES attempts (listeners stay well under Node's leak warning, and
 * undici's per-request scan of them stays short). Aborting a reused signal also reaches earlier requests on it,
 * which are finished by then: the transport reads every body whole before an attempt ends.
 */
export class TimeoutControllers {
  readonly #idle: PooledController[] = [];

  take(): PooledController {
    const pooled = this.#idle.pop();
    // An aborted controller is dropped here, not when given back. Cloudflare Workers tie a controller to the request
    // that made it, and reading it from a later request throws ("Cannot perform I/O on behalf of a different
    // request"): such a one is dropped too, and a fresh one made in this request serves it (round 24 D2). One read
    // of `aborted` per call, as before.
    try {
      if (pooled && !pooled.controller.signal.aborted) {
        pooled.uses++;
        return pooled;
      }
    } catch {
      // a Worker's controller of another request: dropped
    }
    return { controller: new AbortController(), uses: 1 };
  }

  give(pooled: PooledController): void {
    if (pooled.uses < MAX_USES && this.#idle.length < MAX_IDLE) this.#idle.push(pooled);
  }
}

interface PooledController {
  readonly controller: AbortController;
  uses: number;
}

const MAX_USES = 8;
const MAX_IDLE = 32;

/**
 * One attempt's signal: aborts on the caller's signal (the transport's: the call's own and the client's `close()`) or
 * after the timeout, which covers the response head and its body. Its controller comes from the client's pool when
 * there is one (only for the global fetch: a fetch of the user's may keep a signal after its request ended; one
 * aborted is never reused), else a fresh one. Without a timeout, a caller's signal is followed all the same, never
 * handed to fetch: Node 20's fetch keeps a listener per request on it until GC, and a bot's one shutdown signal
 * passed Node's leak warning every few requests (round 25, L-D2).
 */
export class AttemptSignal {
  readonly signal: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #pooled: PooledController | undefined;
  /** Stops forwarding the caller's abort to the attempt's controller; only made when there are both. */
  readonly #unfollow: (() => void) | undefined;
  timedOut = false;
  /** performance.now() when the timeout ends (none without a timeout). */
  readonly #end: number | undefined;

  readonly #pool: TimeoutControllers | undefined;

  constructor(pool: TimeoutControllers | undefined, user: AbortSignal | undefined, timeoutMs: number) {
    this.#pool = pool;
    if (!(timeoutMs > 0 || user)) return;
    this.#pooled = pool?.take();
    const controller = this.#pooled?.controller ?? new AbortController();
    this.#unfollow = onAbort(user, () => controller.abort(user?.reason));
    this.signal = controller.signal;
    if (timeoutMs > 0) {
      this.#end = performance.now() + timeoutMs;
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        controller.abort(new DOMException('timed out', 'TimeoutError'));
      }, timeoutMs);
    }
  }

  /**
   * Out of time: timed out, or past the end though the timer has not run yet (the event loop was busy, signing other
   * calls' requests, say).
   */
  get late(): boolean {
    return this.timedOut || performance.now() >= (this.#end as number);
  }

  /** The attempt is over (answered in full, or failed): stop the timer, stop listening, hand the controller back. */
  done(): void {
    clearTimeout(this.#timer);
    this.#unfollow?.();
    if (this.#pooled) this.#pool?.give(this.#pooled);
  }
}

import { redactInspection } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import type { RequestHandler, WebSocketHandler } from 'msw';
import { startClockTimer } from './clock-timer';
import { type Activity, type ActivityOptions, startActivity } from './exchange/activity';
import { installCatalog } from './exchange/catalog';
import { keptKey } from './exchange/control-input';
import { Exchange, type ExchangeOptions, TEST_USER_ID } from './exchange/exchange';
import { startRecorders } from './exchange/recorders';
import { servers } from './generated/manifest';
import type { UsageTier } from './generated/rate-limits';
import { setAccountTier } from './http/account-tier';
import { createHandlers } from './http/handlers';
import { createHolds } from './http/holds';
import { createRateLimiter, type RateLimitOption } from './http/rate-limit';
import { createInspector, type MockInspector } from './inspect';
import { createFaults, type Faults } from './shared/faults';
import { accessTokenFor } from './shared/oauth';
import { checkMockOptions } from './shared/options';
import { startOrderJournal } from './shared/stale-read';
import { createStreamHandlers, DROPPED, streamUrlsFor } from './stream/msw';
import { addUser, type MockUser, type MockUserOptions, PRIVATE_KEY_FIELDS, userOptions } from './users';

/** Options of `createKalshiMock`. */
export interface KalshiMockOptions extends ExchangeOptions {
  /** Serve this base URL (e.g. `http://localhost:4010/trade-api/v2`) instead of Kalshi's production and demo hosts. */
  readonly baseUrl?: string | undefined;
  /**
   * Enforce Kalshi's token buckets for a tier (or custom numbers), one Read and one Write bucket per account (all its
   * API keys and its token spend them): over-budget requests get 429. Off by default. `exchange.reset()` refills them.
   */
  readonly rateLimit?: RateLimitOption | undefined;
  /**
   * The usage tier of every account (`basic`, the default, as a new Kalshi account; `advanced`, `premier`, `paragon`,
   * `prime`) without metering: what `GET /account/limits` reports and the tier gates (subaccounts, key upload) and
   * the largest request (a batch billed per item) check. `rateLimit` sets the tier and meters it: give one of the two.
   */
  readonly usageTier?: UsageTier | undefined;
  /** Latency added to every response, in ms. */
  readonly latencyMs?: number | undefined;
  /**
   * A living market: synthetic accounts place, take and cancel orders on the exchange clock (off by default). With a
   * fixed `now`, they act only as `advanceTime` moves the clock: the same seed gives the same tape.
   */
  readonly activity?: ActivityOptions | false | undefined;
  /**
   * More accounts besides the test key's (a count, or opening cash per account): each has its own API key, cash and
   * positions, listed in `users`. Ids are UUIDs derived from the seed.
   */
  readonly users?: number | readonly MockUserOptions[] | undefined;
  /**
   * The test key to serve (`{ keyId, privateKey }`, RSA or Ed25519 PEM) instead of the one generated for this process:
   * a key kept from an earlier run, so that clients holding it go on working when the mock restarts (`kalshi-mock
   * serve --keep-key`).
   */
  readonly credentials?:
    | {
        /** The key's id. */
        readonly keyId: string;
        /** The private key, an RSA or Ed25519 PEM. */
        readonly privateKey: string;
      }
    | undefined;
}

/**
 * The mock's test API key, in the shape `createKalshiClient({ credentials })` takes (`privateKey`); `privateKeyPem`
 * is the same PEM, kept for code written before `privateKey` existed.
 */
export interface MockCredentials {
  /** The key's id (a UUID). */
  readonly keyId: string;
  /** The private key, PEM. */
  readonly privateKey: string;
  /** The same PEM as `privateKey`. */
  readonly privateKeyPem: string;
  /**
   * The url of the server that serves this key (`startKalshiMockServer`'s and `kalshi-mock serve`'s keys): a client
   * holding the key refuses to send it to Kalshi's real hosts.
   */
  readonly mockServerUrl?: string;
}

/** The mock exchange: msw handlers over one in-memory exchange, its test key and its faults. */
export interface KalshiMock {
  /** REST handlers, one per base URL. */
  readonly handlers: RequestHandler[];
  /**
   * The stream's handlers, per stream URL: one for the handshake sent as an HTTP upgrade request (a WebSocket class
   * used directly, which msw cannot serve: it is refused, see UPGRADE_UNDER_MSW) and one msw `ws` handler;
   * `setupServer(...handlers, ...streamHandlers)`. Built on first use. msw adds a listener to one process-wide
   * BroadcastChannel per stream URL it links and never removes it: past 10 distinct URLs (mocks on base URLs of their
   * own, each handing these to msw) Node prints a MaxListenersExceededWarning, which is harmless. Mocks on Kalshi's
   * default URLs share theirs.
   */
  readonly streamHandlers: (RequestHandler | WebSocketHandler)[];
  /** The in-memory exchange behind the handlers: its state, clock and control methods. */
  readonly exchange: Exchange;
  /**
   * The exchange's state per account in the client's units (fixed-point strings, the API's field names):
   * `inspect.orders()`, `inspect.positions()`, `inspect.balance()`, `inspect.fills()`; `{ user }` picks an account
   * other than the test key's, `{ subaccount }` one of its subaccounts (as REST's `?subaccount=`).
   */
  readonly inspect: MockInspector;
  /** A test API key registered with the exchange, for `createSigner` or any client. */
  readonly credentials: MockCredentials;
  /**
   * The test key's account's OAuth access token (`createKalshiClient({ credentials: { accessToken } })`), accepted
   * where the spec takes a bearer token: GetFills, GetPositions, GetFillsHistorical. Each of `users` has its own.
   */
  readonly accessToken: string;
  /** Faults injected into the mock's answers (`faults.add`, `faults.clear`). */
  readonly faults: Faults;
  /** The base URLs the handlers answer. */
  readonly baseUrls: readonly string[];
  /** The WebSocket URLs the stream handlers answer. */
  readonly streamUrls: readonly string[];
  /** The activity generator, when `activity` was given. */
  readonly activity: Activity | undefined;
  /** The extra accounts (`users` option and `addUser`), in the order they were opened. */
  readonly users: readonly MockUser[];
  /** Opens one more account with its own API key (also `POST /_mock/users`). */
  addUser(options?: MockUserOptions): MockUser;
  /**
   * Clears the timer that runs due work (closes, expiries, settlement, activity) on the real clock. Requests still
   * catch up on what is due before they are answered. Requests held by a latency are dropped (answered with a network
   * error, never applied), as `exchange.reset()` drops them. `setupKalshiMockServer`'s `server.close()` and
   * `startKalshiMockServer`'s `close()` call it.
   */
  dispose(): void;
  /**
   * Drops every open WebSocket connection of `streamHandlers`, as a server going away does; msw's `server.close()`
   * leaves them open, so `setupKalshiMockServer`'s `server.close()` calls this.
   */
  closeStreams(): void;
}

let testKey: ReturnType<typeof generateKeyPairSync> | undefined;
function processKey(): ReturnType<typeof generateKeyPairSync> {
  testKey ??= generateKeyPairSync({ type: 'rsa' });
  return testKey;
}

/** A stateful mock Kalshi exchange as msw handlers. */
export function createKalshiMock(options: KalshiMockOptions = {}): KalshiMock {
  checkMockOptions(options);
  // The exchange keeps its options: only its own, not the keys (`credentials`, `users`), which would print with it.
  const { seed, now, empty, dataset } = options;
  const exchange = new Exchange({ seed, now, empty, dataset });
  startRecorders(exchange);
  installCatalog(exchange);
  // One RSA key per process: generating 2048-bit keys is slow, and the key is public test material anyway.
  const key = options.credentials === undefined ? processKey() : keptKey('credentials', options.credentials);
  exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, userId: TEST_USER_ID });
  const faults = createFaults(
    () => exchange.draw(),
    // Called from faults.add, after `faults` is set: the journal asks it how far back reads go.
    (fault) => fault.kind === 'stale-read' && startOrderJournal(exchange, () => faults.staleReadLagMs()),
  );
  const tier = options.rateLimit ?? options.usageTier;
  if (tier) setAccountTier(exchange, tier);
  const rateLimiter = createRateLimiter(exchange, options.rateLimit !== undefined, () => Date.now());
  const baseUrls = options.baseUrl ? [options.baseUrl] : [...servers.production, ...servers.demo];
  const holds = createHolds(exchange);
  const handlers = createHandlers({ exchange, faults, rateLimiter, latencyMs: options.latencyMs, holds }, baseUrls);
  const streamUrls = streamUrlsFor(options.baseUrl);
  const users: MockUser[] = [];
  const openUser = (user: MockUserOptions = {}, where = 'addUser options') => {
    const opened = addUser(exchange, options.seed ?? 1, users.length + 1, user, where);
    users.push(opened);
    return opened;
  };
  for (const [i, user] of userOptions(options.users).entries()) openUser(user, `users[${i}]`);
  // `false`, as `null` and leaving it out: no activity (a config's `activity: enabled && { … }`).
  const activity =
    options.activity == null || options.activity === false
      ? undefined
      : startActivity(exchange, options.activity, options.seed);
  const clockTimer = startClockTimer(exchange);
  const connections = new Set<{ close(code?: number, reason?: string): void }>();
  let streamHandlers: (RequestHandler | WebSocketHandler)[] | undefined;
  return {
    activity,
    handlers,
    // Built when first asked for: each stream URL's msw link leaves a listener on msw's process-wide BroadcastChannel
    // (stream/msw.ts), and a mock whose stream is never served by msw (startKalshiMockServer's) needs none.
    get streamHandlers() {
      streamHandlers ??= createStreamHandlers({ exchange, faults, connections }, streamUrls);
      return streamHandlers;
    },
    streamUrls,
    exchange,
    inspect: createInspector(exchange),
    // Printing the mock (util.inspect, console.log, a test runner's diff) shows `[REDACTED]` for the key; a spread
    // into createKalshiClient and `--credentials-out`'s JSON keep it.
    credentials: redactInspection(
      { keyId: key.keyId, privateKey: key.privateKeyPem, privateKeyPem: key.privateKeyPem },
      PRIVATE_KEY_FIELDS,
      'Credentials',
    ),
    accessToken: accessTokenFor(TEST_USER_ID),
    faults,
    baseUrls,
    users,
    addUser: (user) => openUser(user),
    dispose: () => {
      clockTimer.stop();
      holds.drop();
    },
    closeStreams: () => {
      for (const client of [...connections]) client.close(DROPPED, 'mock server closed');
    },
  };
}

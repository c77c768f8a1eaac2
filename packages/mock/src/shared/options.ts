// The library's options (createKalshiMock, setupKalshiMockServer, startKalshiMockServer) checked by the rules
// `kalshi-mock serve` applies to the same options: one check, which the CLI calls too and names by its flags
// (`--rate-limit`, `--usage-tier`, `--seed`, `--port`, `--cors`). A refusal is a ControlInputError naming the option
// (the notes are silent: the mock's own API).
import { quoted } from '../exchange/market-input';
import { MAX_TIMESTAMP_MS } from '../exchange/timestamps';
import { RATE_LIMIT_TIERS } from '../generated/rate-limits';
import type { KalshiMockOptions } from '../mock';
import type { KalshiMockServerOptions } from '../server';
import { ControlInputError, suggestion } from './control-schema';

/** An integer option's bounds and what it is, as a refusal says it. */
export interface IntegerRule {
  readonly min: number;
  readonly max: number;
  readonly what: string;
}

export const PORT: IntegerRule = { min: 0, max: 65535, what: 'a port number (a decimal integer 0–65535)' };
const BUFFER_LIMIT: IntegerRule = { min: 1, max: Number.MAX_SAFE_INTEGER, what: 'a whole number of messages > 0' };
export const SEED: IntegerRule = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, what: 'an integer' };

/** `value` within `rule`; `shown` is the value as the user wrote it (the CLI's text). */
export function checkInteger(option: string, value: unknown, rule: IntegerRule, shown = quoted(value)): number {
  if (!(Number.isSafeInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max))
    throw new ControlInputError(option, `${shown} is not ${rule.what}`);
  return value as number;
}

/** Whether `value` names a tier with published budgets (RATE_LIMIT_TIERS); one named without budgets is refused. */
function isPublishedTier(option: string, value: unknown): boolean {
  if (typeof value === 'string' && Object.hasOwn(RATE_LIMIT_TIERS, value)) return true;
  // Named by spec 3.31.0 (GET /account/limits) without budgets: kalshi-api-notes §8.1 records five tiers only.
  if (value === 'expert' || value === 'prestige')
    throw new ControlInputError(
      option,
      `Kalshi has not published the "${value}" tier's budgets (use basic, advanced, premier, paragon or prime, or the library's rateLimit option with { read, write } buckets from your GET /account/limits answer)`,
    );
  return false;
}

/**
 * The `usageTier` option (`--usage-tier`): a tier name (`basic` … as RATE_LIMIT_TIERS lists them), and not beside
 * `rateLimit` (`--rate-limit`), which sets the tier too: two tiers for one account would disagree (GET /account/limits
 * reports one). `option` and `rateLimitOption` are the two as the caller spells them.
 */
export function checkUsageTier(option: string, value: unknown, rateLimitOption: string, rateLimit: unknown): void {
  if (!isPublishedTier(option, value))
    throw new ControlInputError(option, `${quoted(value)} is not a tier (${Object.keys(RATE_LIMIT_TIERS).join(', ')})`);
  if (rateLimit !== undefined)
    throw new ControlInputError(option, `${rateLimitOption} sets the tier too (and meters it): give one of the two`);
}

/** A tier name (`basic` … as RATE_LIMIT_TIERS lists them) or custom buckets `{ read, write }`. */
export function checkRateLimit(option: string, value: unknown): void {
  if (isPublishedTier(option, value)) return;
  // A bucket: a capacity > 0 and a refill rate ≥ 0 (0: never refills), tokens per second.
  const bucket = (b: unknown) => {
    const { refillRate, capacity } = (typeof b === 'object' && b !== null ? b : {}) as Record<string, unknown>;
    return (
      typeof refillRate === 'number' &&
      refillRate >= 0 &&
      Number.isFinite(refillRate) &&
      typeof capacity === 'number' &&
      capacity > 0 &&
      Number.isFinite(capacity)
    );
  };
  if (typeof value === 'object' && value !== null && bucket((value as Record<string, unknown>).read))
    if (bucket((value as Record<string, unknown>).write)) return;
  const tiers = Object.keys(RATE_LIMIT_TIERS).join(', ');
  throw new ControlInputError(
    option,
    typeof value === 'string'
      ? `${quoted(value)} is not a tier (${tiers})`
      : `${quoted(value)} is not a tier (${tiers}) or { read, write } of { refillRate ≥ 0, capacity > 0 }`,
  );
}

/** `*` or an origin exactly as a browser sends it (scheme://host[:port], no path). */
export function checkCorsOrigin(option: string, value: unknown): string {
  if (value === '*') return value;
  let origin: string | undefined;
  try {
    origin = new URL(value as string).origin;
  } catch {
    // not a URL: reported below
  }
  if (typeof value !== 'string' || origin !== value)
    throw new ControlInputError(option, `${quoted(value)} is not an origin like http://localhost:5173 (or *)`);
  return value;
}

/** createKalshiMock's (and setupKalshiMockServer's) options. */
/** KalshiMockOptions' keys: another (`sede`, `ratelimit`) would be dropped, and the mock run without it. */
const MOCK_OPTIONS = {
  seed: 1,
  now: 1,
  empty: 1,
  dataset: 1,
  baseUrl: 1,
  rateLimit: 1,
  usageTier: 1,
  latencyMs: 1,
  activity: 1,
  users: 1,
  credentials: 1,
} as const satisfies Record<keyof KalshiMockOptions, 1>;

/** KalshiMockServerOptions' keys (the server sets `baseUrl` itself). */
const { baseUrl: _set, ...SERVED_MOCK_OPTIONS } = MOCK_OPTIONS;
const SERVER_OPTIONS = {
  ...SERVED_MOCK_OPTIONS,
  port: 1,
  host: 1,
  pingIntervalMs: 1,
  streamBufferLimit: 1,
  cors: 1,
} as const satisfies Record<keyof KalshiMockServerOptions, 1>;

/** The options that are the mock's of a server's (`startKalshiMockServer` passes them on). */
export function mockOptionsOf(options: KalshiMockServerOptions): Omit<KalshiMockOptions, 'baseUrl'> {
  return Object.fromEntries(Object.entries(options).filter(([key]) => Object.hasOwn(SERVED_MOCK_OPTIONS, key)));
}

/**
 * Refuses a key of `options` that is not one of `known`, naming it and the nearest known one: a misspelt option or
 * filter would be dropped (an `inspect.orders({ stauts })` reads as every order). `prefix` names where `options` sit
 * (`activity.`, `users[0].`).
 */
export function checkKnownKeys(options: object, known: Readonly<Record<string, unknown>>, prefix = ''): void {
  for (const key of Object.keys(options))
    if (!Object.hasOwn(known, key))
      throw new ControlInputError(
        prefix + (key.length > 64 ? `${key.slice(0, 64)}…` : key),
        `is not an option${suggestion(key, new Set(Object.keys(known))) || ` (it takes ${Object.keys(known).join(', ')})`}`,
      );
}

/** An options object given at `where` (`activity`, `users[0]`), its keys all `known`. */
export function checkOptionsObject(where: string, options: unknown, known: Readonly<Record<string, unknown>>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new ControlInputError(where, `must be an object of options, got ${quoted(options)}`);
  checkKnownKeys(options, known, `${where}.`);
}

export function checkMockOptions(options: unknown, known: Readonly<Record<string, 1>> = MOCK_OPTIONS): void {
  if (typeof options !== 'object' || options === null)
    throw new ControlInputError('options', `must be an object, got ${quoted(options)}`);
  checkKnownKeys(options, known);
  const { seed, now, empty, rateLimit, usageTier, baseUrl, latencyMs } = options as Record<string, unknown>;
  if (seed !== undefined) checkInteger('seed', seed, SEED);
  // A string 'false' is truthy: it would empty the exchange the caller asked to fill.
  if (empty !== undefined && typeof empty !== 'boolean')
    throw new ControlInputError('empty', `${quoted(empty)} is not true or false`);
  if (
    now !== undefined &&
    typeof now !== 'function' &&
    !(typeof now === 'number' && now >= 0 && now <= MAX_TIMESTAMP_MS)
  )
    throw new ControlInputError(
      'now',
      `${quoted(now)} is not a time in Unix ms (1970 to 9999) or a function returning one`,
    );
  if (rateLimit !== undefined) checkRateLimit('rateLimit', rateLimit);
  if (usageTier !== undefined) checkUsageTier('usageTier', usageTier, 'rateLimit', rateLimit);
  if (baseUrl !== undefined) {
    let protocol: string | undefined;
    try {
      protocol = new URL(baseUrl as string).protocol;
    } catch {
      // not a URL: reported below
    }
    if (typeof baseUrl !== 'string' || (protocol !== 'http:' && protocol !== 'https:'))
      throw new ControlInputError(
        'baseUrl',
        `${quoted(baseUrl)} is not an http(s) URL like http://localhost:4010/trade-api/v2`,
      );
  }
  if (latencyMs !== undefined)
    checkInteger('latencyMs', latencyMs, { min: 0, max: 2 ** 31 - 1, what: 'a whole number of ms ≥ 0' });
}

/** startKalshiMockServer's options: the mock's, then the server's own. */
export function checkServerOptions(options: unknown): void {
  checkMockOptions(options, SERVER_OPTIONS);
  const { port, host, cors, pingIntervalMs, streamBufferLimit } = options as Record<string, unknown>;
  if (port !== undefined) checkInteger('port', port, PORT);
  // setInterval's limit; 0 turns pings off.
  if (pingIntervalMs !== undefined)
    checkInteger('pingIntervalMs', pingIntervalMs, { min: 0, max: 2 ** 31 - 1, what: 'a whole number of ms ≥ 0' });
  if (streamBufferLimit !== undefined) checkInteger('streamBufferLimit', streamBufferLimit, BUFFER_LIMIT);
  if (host !== undefined && (typeof host !== 'string' || host === ''))
    throw new ControlInputError('host', `${quoted(host)} is not a host name or address`);
  if (cors !== undefined) checkCorsOrigin('cors', cors);
}

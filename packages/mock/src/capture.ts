// `kalshi-mock capture`: Kalshi's public market data (series, events, markets with their books and recent trades; no
// credentials) read through a @org/kalshi-client client into a dataset file (dataset-file.ts) the mock can serve.
import { DATASET_FORMAT, DATASET_VERSION, type DatasetFile } from './exchange/dataset-file';
import { checkOptionsObject } from './shared/options';

/** What capture needs of `createKalshiClient()`: openapi-fetch's `GET`. */
export interface CaptureClient {
  /** openapi-fetch's `GET`. */
  GET(
    // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for the client's typed GET
    path: any,
    // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for the client's typed GET
    init?: any,
  ): Promise<{
    /** The 2xx body. */
    // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for the client's typed GET
    data?: any;
    /** The error body, on a failure. */
    error?: unknown;
    /** The HTTP response. */
    response: Response;
  }>;
}

/** Options of `captureDataset`. */
export interface CaptureOptions {
  /** Series to capture (default: the series of the first open events). */
  readonly series?: readonly string[];
  /** Open events to capture at most (default 5). */
  readonly limit?: number;
  /** Recent trades per market (default 20). */
  readonly trades?: number;
  /** Recorded in the file. */
  readonly source?: string;
}

/** CaptureOptions' keys: another (`serie`) would be dropped and the first open events captured instead. */
const CAPTURE_OPTIONS = { series: 1, limit: 1, trades: 1, source: 1 } as const satisfies Record<
  keyof CaptureOptions,
  1
>;

type Json = Record<string, unknown>;

/** A request capture made that Kalshi (or whatever --env names) did not answer with data: the concrete path asked. */
export class CaptureError extends Error {
  override name = 'CaptureError';
  constructor(
    message: string,
    /** The path asked, its parameters filled in (`/series/KXHIGHNY`). */
    readonly path: string,
    /** The HTTP status; undefined when the request failed before an answer. */
    readonly status?: number,
    /** The series of a `series` option whose request this was. */
    readonly series?: string,
  ) {
    super(message);
  }
}

async function get(client: CaptureClient, template: string, params: Json = {}, series?: string): Promise<Json> {
  const values = (params.path ?? {}) as Record<string, string>;
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
  let answer: Awaited<ReturnType<CaptureClient['GET']>>;
  try {
    answer = await client.GET(template, { params });
  } catch (error) {
    throw Object.assign(new CaptureError(`capture: GET ${path} failed`, path, undefined, series), { cause: error });
  }
  const { data, error, response } = answer;
  if (error !== undefined || !data)
    throw new CaptureError(
      `capture: GET ${path} answered ${response.status}${describeBody(error)}`,
      path,
      response.status,
      series,
    );
  return data as Json;
}

/** An error body as ` code (message)` (Kalshi's `{ error: { code, message } }`, or `{ code, message }`, `{ msg }`). */
function describeBody(body: unknown): string {
  const inner = (body as { error?: unknown } | undefined)?.error ?? body;
  const { code, message, msg } = (typeof inner === 'object' && inner !== null ? inner : {}) as Json;
  const text = typeof message === 'string' ? message : typeof msg === 'string' ? msg : undefined;
  if (typeof code === 'string') return ` ${code}${text ? ` (${text})` : ''}`;
  if (text) return ` (${text})`;
  return typeof inner === 'string' && inner.trim() ? ` (${inner.trim().slice(0, 100)})` : '';
}

/**
 * The one line `kalshi-mock capture` prints for a failed capture from `env` (its --env): the option at fault, the
 * object (the series, the URL) and the likely fix: a base URL without Kalshi's `/trade-api/v2` prefix
 * (kalshi-api-notes §1), an unknown or lower-case series ticker, a server that is not there.
 */
export function captureFailure(error: unknown, env: string): string {
  const cause = (error as { cause?: unknown })?.cause;
  if (error instanceof CaptureError && error.status === undefined) {
    const name = (cause as Error | undefined)?.name;
    const detail = (cause as Error | undefined)?.message ?? String(cause);
    return name === 'KalshiConnectionError' || name === 'KalshiTimeoutError'
      ? `--env: cannot reach ${env} (${detail})`
      : `--env ${env}: ${error.message} (${detail})`;
  }
  if (!(error instanceof CaptureError)) {
    // The client refusing --env as its baseUrl (createKalshiClient names the option it was given as).
    const field = (error as { field?: unknown })?.field;
    return field === 'baseUrl' || field === 'environment'
      ? `--env: ${(error as Error).message}`
      : String((error as Error)?.message ?? error);
  }
  const asked = error.message.replace(/^capture: /, '');
  if (error.status === 404 && error.series !== undefined) {
    const upper = error.series === error.series.toUpperCase() ? '' : '; series tickers are upper case';
    return `--series: "${error.series}" is not a series at ${env} (${asked.replace(/ \([^)]*\)$/, '')})${upper}`;
  }
  if (error.status === 404 && error.path === '/events' && /^https?:/i.test(env)) {
    const base = env.replace(/\/+$/, '');
    if (!base.endsWith('/trade-api/v2'))
      return `--env: ${asked} at ${env}: is it Kalshi's REST base URL? It ends in /trade-api/v2 (try ${base}/trade-api/v2)`;
  }
  return `${error.message} (--env ${env})`;
}

/** Reads the public market structure through the client and returns a dataset file. */
export async function captureDataset(client: CaptureClient, options: CaptureOptions = {}): Promise<DatasetFile> {
  checkOptionsObject('options', options, CAPTURE_OPTIONS);
  const limit = options.limit ?? 5;
  const tradesPerMarket = options.trades ?? 20;
  const events: Json[] = [];
  for (const series_ticker of options.series ?? [undefined]) {
    const query = { status: 'open', limit, ...(series_ticker ? { series_ticker } : {}) };
    const page = await get(client, '/events', { query });
    events.push(...((page.events as Json[]) ?? []).slice(0, limit - events.length));
    if (events.length >= limit) break;
  }
  const seriesTickers = [...new Set([...(options.series ?? []), ...events.map((e) => e.series_ticker as string)])];
  const series = [];
  for (const series_ticker of seriesTickers) {
    const asked = options.series?.includes(series_ticker) ? series_ticker : undefined;
    const { series: s } = (await get(client, '/series/{series_ticker}', { path: { series_ticker } }, asked)) as {
      series: Json;
    };
    series.push({
      ticker: s.ticker as string,
      title: s.title as string,
      category: s.category as string,
      frequency: s.frequency as string,
      fee_type: s.fee_type as string,
      fee_multiplier: Number(s.fee_multiplier ?? 1),
    });
  }
  const markets = [];
  for (const event of events) {
    const page = await get(client, '/markets', { query: { event_ticker: event.event_ticker, limit: 1000 } });
    for (const m of (page.markets as Json[]) ?? []) {
      const ticker = m.ticker as string;
      const { orderbook_fp: book } = (await get(client, '/markets/{ticker}/orderbook', { path: { ticker } })) as {
        orderbook_fp?: { yes_dollars?: [string, string][]; no_dollars?: [string, string][] };
      };
      const { trades } = (await get(client, '/markets/trades', { query: { ticker, limit: tradesPerMarket } })) as {
        trades?: Json[];
      };
      markets.push({
        ticker,
        event_ticker: m.event_ticker as string,
        title: m.title as string,
        yes_sub_title: (m.yes_sub_title as string) ?? '',
        status: m.status as string,
        open_time: m.open_time as string,
        close_time: m.close_time as string,
        ...(typeof m.created_time === 'string' ? { created_time: m.created_time } : {}),
        ...(typeof m.updated_time === 'string' ? { updated_time: m.updated_time } : {}),
        ...(m.result !== undefined ? { result: m.result as string } : {}),
        ...(typeof m.settlement_value_dollars === 'string'
          ? { settlement_value_dollars: m.settlement_value_dollars }
          : {}),
        ...(typeof m.settlement_timer_seconds === 'number'
          ? { settlement_timer_seconds: m.settlement_timer_seconds }
          : {}),
        ...(m.last_price_dollars !== undefined ? { last_price_dollars: m.last_price_dollars as string } : {}),
        ...(m.volume_fp !== undefined ? { volume_fp: m.volume_fp as string } : {}),
        ...(typeof m.open_interest_fp === 'string' ? { open_interest_fp: m.open_interest_fp } : {}),
        // The price grid, so sub-penny markets keep their ticks (Market: price_level_structure, price_ranges).
        ...(typeof m.price_level_structure === 'string' ? { price_level_structure: m.price_level_structure } : {}),
        ...(Array.isArray(m.price_ranges)
          ? {
              price_ranges: (m.price_ranges as Json[]).map((r) => ({
                start: r.start as string,
                end: r.end as string,
                step: r.step as string,
              })),
            }
          : {}),
        orderbook: { yes_dollars: book?.yes_dollars ?? [], no_dollars: book?.no_dollars ?? [] },
        trades: (trades ?? []).map((t) => ({
          trade_id: t.trade_id as string,
          yes_price_dollars: t.yes_price_dollars as string,
          count_fp: t.count_fp as string,
          taker_side: t.taker_side as string,
          created_time: t.created_time as string,
          ...(t.is_block_trade === true ? { is_block_trade: true } : {}),
        })),
      });
    }
  }
  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    captured_at: new Date().toISOString(),
    ...(options.source ? { source: options.source } : {}),
    series,
    events: events.map((e) => ({
      event_ticker: e.event_ticker as string,
      series_ticker: e.series_ticker as string,
      title: e.title as string,
      sub_title: (e.sub_title as string) ?? '',
      mutually_exclusive: Boolean(e.mutually_exclusive),
      // The event's fee override (Event fee_type_override, paired with fee_multiplier_override), when it has one.
      ...(typeof e.fee_type_override === 'string' && typeof e.fee_multiplier_override === 'number'
        ? { fee_type_override: e.fee_type_override, fee_multiplier_override: e.fee_multiplier_override }
        : {}),
    })),
    markets,
  };
}

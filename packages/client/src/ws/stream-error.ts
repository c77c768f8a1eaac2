import { KalshiError, serverText } from '../errors';
import { type ErrorCode, errorCodes } from '../generated/asyncapi';

/**
 * What Kalshi's error frame says beside its code (AsyncAPI `errorResponsePayload`: `sid`, and `msg.market_ticker`,
 * `msg.market_tickers`; kalshi-api-notes §9.3 adds `market_id`), and the command it answers.
 */
export interface StreamErrorFields {
  /** The command the server refused: `subscribe`, `unsubscribe`, `update_subscription`, `list_subscriptions`. */
  readonly command?: string;
  /** The subscription the error is scoped to. */
  readonly sid?: number;
  /** The market the error concerns. */
  readonly market_ticker?: string;
  /** The markets the error concerns. */
  readonly market_tickers?: readonly string[];
  /** The market the error concerns, by id. */
  readonly market_id?: string;
}

/** The markets named, for the message: "market_ticker KX-1", "market_tickers A, B" (at most 10 shown). */
function marketsOf(fields: StreamErrorFields): string {
  const named = [];
  if (fields.market_ticker) named.push(`market_ticker ${fields.market_ticker}`);
  const many = fields.market_tickers;
  if (many?.length)
    named.push(
      `market_tickers ${many.slice(0, 10).join(', ')}${many.length > 10 ? ` and ${many.length - 10} more` : ''}`,
    );
  if (fields.market_id) named.push(`market_id ${fields.market_id}`);
  return named.length ? ` (${named.join('; ')})` : '';
}

/**
 * A command rejected by the server, or a subscription it ended, with Kalshi's numeric code (e.g. 8 "Unknown channel
 * name") and whatever else its error frame names (the market, the sid), the command it answered first in the message:
 * "subscribe: 11 Invalid parameter (market_ticker KX-1)". Code 0 is the client's own: a command left without a reply,
 * or a subscription whose sequence kept breaking after every repair.
 */
export class KalshiStreamError extends KalshiError implements StreamErrorFields {
  /** Always `'KalshiStreamError'`. */
  override name = 'KalshiStreamError';
  static override readonly className: string = 'KalshiStreamError';
  declare readonly command?: string;
  declare readonly sid?: number;
  declare readonly market_ticker?: string;
  declare readonly market_tickers?: readonly string[];
  declare readonly market_id?: string;
  /** `label`: what failed, before the message (default: the command; `update_subscription add_markets`, …). */
  constructor(
    /** Kalshi's numeric error code (e.g. 8 "Unknown channel name"); 0 for the client's own. */
    readonly code: number,
    message: string,
    fields: StreamErrorFields = {},
    label = fields.command,
  ) {
    const name = errorCodes[code as ErrorCode] as string | undefined;
    // Kalshi's `msg` is often just the code's name ("Unsupported action"): said once, not twice.
    const text =
      code === 0
        ? message
        : !name
          ? `${code} ${message}`
          : message && message !== name
            ? `${code} ${name}: ${message}`
            : `${code} ${name}`;
    super(`${label ? `${label}: ` : ''}${text}${marketsOf(fields)}`);
    for (const [field, value] of Object.entries(fields))
      if (value !== undefined) Object.assign(this, { [field]: value });
  }
}

/**
 * Kalshi's error frame as a KalshiStreamError keeping every field the spec gives it (fields of a drifted type are left
 * out): `command` the command it answers, if any; `label` what failed, for the message.
 */
export function streamErrorOf(
  frame: { readonly sid?: unknown; readonly msg?: unknown },
  command?: string,
  label = command,
): KalshiStreamError {
  const msg = (typeof frame.msg === 'object' && frame.msg) || {};
  const { code, msg: said, market_ticker, market_tickers, market_id } = msg as Record<string, unknown>;
  const tickers = Array.isArray(market_tickers) ? market_tickers.map(serverText).filter((t) => t !== undefined) : [];
  return new KalshiStreamError(
    typeof code === 'number' ? code : 0,
    serverText(said) ?? 'error',
    {
      command,
      sid: typeof frame.sid === 'number' ? frame.sid : undefined,
      market_ticker: serverText(market_ticker),
      market_tickers: tickers.length ? tickers : undefined,
      market_id: serverText(market_id),
    },
    label,
  );
}

/** Kalshi's 17 "Internal error" and 18 "Command timeout" (kalshi-api-notes §9.4): the server failed, not refused. */
export function failedOnServer(error: unknown): error is KalshiStreamError {
  return error instanceof KalshiStreamError && (error.code === 17 || error.code === 18);
}

import { resolve } from 'node:path';
import { loadAsyncApiSpec } from '@org/kalshi-codegen';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { expect } from 'vitest';
import type { Message } from './client';

// ajv-formats ships CommonJS with a default export.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ??
  addFormatsImport) as (a: Ajv) => Ajv;

const SPEC = resolve(import.meta.dirname, '../../../../spec/.cache/kalshi-asyncapi.yaml');

/** Message `type` → the AsyncAPI payload schema it must satisfy. */
const PAYLOADS: Record<string, string> = {
  subscribed: 'subscribedResponsePayload',
  unsubscribed: 'unsubscribedResponsePayload',
  error: 'errorResponsePayload',
  orderbook_snapshot: 'orderbookSnapshotPayload',
  orderbook_delta: 'orderbookDeltaPayload',
  ticker: 'tickerPayload',
  trade: 'tradePayload',
  fill: 'fillPayload',
  user_order: 'userOrderPayload',
  market_position: 'marketPositionPayload',
  market_lifecycle_v2: 'marketLifecycleV2Payload',
  multivariate_market_lifecycle: 'multivariateMarketLifecyclePayload',
  order_group_updates: 'orderGroupUpdatesPayload',
  event_lifecycle: 'eventLifecyclePayload',
  rfq_created: 'rfqCreatedPayload',
  rfq_deleted: 'rfqDeletedPayload',
  quote_created: 'quoteCreatedPayload',
  quote_accepted: 'quoteAcceptedPayload',
  quote_executed: 'quoteExecutedPayload',
  cfbenchmarks_value_indexlist: 'cfbenchmarksIndexListPayload',
  cfbenchmarks_value_5hz_indexlist: 'cfbenchmarks5HzIndexListPayload',
  pyth_value_underlying_list: 'pythUnderlyingListPayload',
};

/** The `ok` variants: a subscription list, an index or underlying filter, or a market-list update. */
function okPayload(message: Message): string {
  if (Array.isArray(message.msg)) return 'listSubscriptionsResponsePayload';
  if (message.msg && 'index_ids' in message.msg) return 'subscribedIndicesResponsePayload';
  if (message.msg && 'underlying_tickers' in message.msg) return 'subscribedUnderlyingsResponsePayload';
  return 'okResponsePayload';
}

let validators: Map<string, ValidateFunction> | undefined;

/** Checks a server message against Kalshi's AsyncAPI spec; returns ajv's errors (empty when valid). */
export async function specErrors(message: Message): Promise<string[]> {
  if (!validators) {
    const { document } = await loadAsyncApiSpec(SPEC);
    // Formats checked too: ids are UUIDs (`format: uuid`), timestamps date-times.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    // marketTicker's pattern `^[A-Z0-9-]+$` rejects the spec's own examples ("FED-23DEC-T3.00") and Kalshi's real
    // tickers with decimal strikes: dots are allowed here, everything else the pattern checks is kept.
    const schemas = (document as { components: { schemas: Record<string, { pattern?: string }> } }).components.schemas;
    if (schemas.marketTicker?.pattern === '^[A-Z0-9-]+$') schemas.marketTicker.pattern = '^[A-Z0-9.-]+$';
    ajv.addSchema(document as object, 'asyncapi');
    validators = new Map();
    const oks = [
      'okResponsePayload',
      'listSubscriptionsResponsePayload',
      'subscribedIndicesResponsePayload',
      'subscribedUnderlyingsResponsePayload',
    ];
    for (const name of new Set([...Object.values(PAYLOADS), ...oks]))
      validators.set(name, ajv.compile({ $ref: `asyncapi#/components/schemas/${name}` }));
  }
  const name = message.type === 'ok' ? okPayload(message) : PAYLOADS[message.type];
  if (!name) return [`no payload schema for type ${message.type}`];
  const validate = validators.get(name) as ValidateFunction;
  return validate(message) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`);
}

/** Holds every frame against the spec's message schemas; a failure names its frame. */
export async function expectConforming(frames: readonly Message[]): Promise<void> {
  for (const frame of frames) expect(await specErrors(frame), JSON.stringify(frame)).toEqual([]);
}

import { resolve } from 'node:path';
import { loadAsyncApiSpec } from '@org/kalshi-codegen';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Message } from './client';

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
};

let validators: Map<string, ValidateFunction> | undefined;

/** Checks a server message against Kalshi's AsyncAPI spec; returns ajv's errors (empty when valid). */
export async function specErrors(message: Message): Promise<string[]> {
  if (!validators) {
    const { document } = await loadAsyncApiSpec(SPEC);
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(document as object, 'asyncapi');
    validators = new Map();
    for (const name of new Set([...Object.values(PAYLOADS), 'okResponsePayload', 'listSubscriptionsResponsePayload']))
      validators.set(name, ajv.compile({ $ref: `asyncapi#/components/schemas/${name}` }));
  }
  const name =
    message.type === 'ok'
      ? Array.isArray(message.msg)
        ? 'listSubscriptionsResponsePayload'
        : 'okResponsePayload'
      : PAYLOADS[message.type];
  if (!name) return [`no payload schema for type ${message.type}`];
  const validate = validators.get(name) as ValidateFunction;
  return validate(message) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`);
}

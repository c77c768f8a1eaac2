// What an API key may do: its scopes and its subaccount restriction (spec 3.31.0 ApiKeyScope and
// GenerateApiKeyRequest.subaccount; kalshi-api-notes §2.1). The mock's own keys carry neither and may do anything.
import { type ApiKeyInfo, apiKeyInfo } from '../exchange/api-keys';
import { forbidden } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import type { OperationInfo } from '../generated/manifest';
import { bucketOf } from '../generated/rate-limits';
import { parametersOf, requestBodySchema, resolveRef } from '../schema/spec';
import type { Query } from './request';

/**
 * The endpoint groups of the child scopes. The spec names the groups without listing their endpoints: trading is
 * taken to be what the notes bill to the Write bucket (§8.1: order create/amend/decrease/cancel, order groups, RFQ
 * quotes) plus RFQ create/delete.
 */
const CHILD_SCOPES: Record<string, (op: OperationInfo) => boolean> = {
  'read::portfolio_balance': (op) => op.operationId === 'GetBalance' || op.operationId === 'GetSubaccountBalances',
  'read::block_trade_accept': (op) => op.method === 'get' && /BlockTrade/.test(op.operationId),
  'write::trade': (op) => bucketOf(op.operationId) === 'write' || ['CreateRFQ', 'DeleteRFQ'].includes(op.operationId),
  'write::transfer': (op) => ['ApplySubaccountTransfer', 'IntraExchangeInstanceTransfer'].includes(op.operationId),
  'write::block_trade_accept': (op) => op.operationId === 'AcceptBlockTradeProposal',
};

/** Spec GenerateApiKeyRequest.subaccount: a restricted key "cannot … transfer funds between sub-accounts, or create sub-accounts". */
const NOT_FOR_RESTRICTED = new Set(['ApplySubaccountTransfer', 'IntraExchangeInstanceTransfer', 'CreateSubaccount']);

/**
 * The key a signed request was made with, once it is known to be allowed this operation (its scopes, and whether a
 * subaccount-restricted key may use it at all); undefined for keys without limits.
 */
export function permittedKey(exchange: Exchange, keyId: string | null, op: OperationInfo): ApiKeyInfo | undefined {
  const key = keyId === null ? undefined : apiKeyInfo(exchange, keyId);
  if (!key || op.auth !== 'required') return undefined;
  assertScope(key, op);
  if (key.subaccount !== undefined && NOT_FOR_RESTRICTED.has(op.operationId))
    throw forbidden(`this API key is restricted to subaccount ${key.subaccount}`);
  return key;
}

/**
 * Whether a key restricted to `keySubaccount` (undefined: unrestricted) may read an object of `subaccount`: spec
 * GenerateApiKeyRequest.subaccount "A restricted key may only read and trade on that sub-account". Reads by id of
 * another subaccount's object answer 404 `not_found`, as cancel does (the spec gives no code for them).
 */
export const keyMayRead = (keySubaccount: number | undefined, subaccount: number): boolean =>
  keySubaccount === undefined || keySubaccount === subaccount;

/**
 * A restricted key's request, scoped to its subaccount: spec CreateOrderV2Request.subaccount "Subaccount-restricted
 * API keys must omit this field or pass their locked subaccount", so an omitted `subaccount` (query parameter, body
 * field, batch item field) means the key's one and another is refused.
 */
export function scopedToKey(
  key: ApiKeyInfo | undefined,
  op: OperationInfo,
  query: Query,
  body: unknown,
): { query: Query; body: unknown } {
  if (key?.subaccount === undefined) return { query, body };
  return { query: lockQuery(key.subaccount, op, query), body: lockBody(key.subaccount, op, body) };
}

function assertScope(key: ApiKeyInfo, op: OperationInfo): void {
  const parent = op.method === 'get' ? 'read' : 'write';
  if (key.scopes.includes(parent)) return;
  if (key.scopes.some((scope) => CHILD_SCOPES[scope]?.(op))) return;
  throw forbidden(`this API key lacks the ${parent} scope for ${op.operationId}`);
}

/** The subaccount a request names, under a key restricted to `subaccount`: omitted means it, another is refused (403). */
export function locked(subaccount: number, value: unknown): number {
  if (value !== undefined && value !== subaccount)
    throw forbidden(`this API key is restricted to subaccount ${subaccount}`);
  return subaccount;
}

function lockQuery(subaccount: number, op: OperationInfo, query: Query): Query {
  if (!parametersOf(op).some((p) => p.in === 'query' && p.name === 'subaccount')) return query;
  return { ...query, subaccount: locked(subaccount, query.subaccount) };
}

function lockBody(subaccount: number, op: OperationInfo, body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  const fields = body as Record<string, unknown>;
  const properties = resolveRef(requestBodySchema(op))?.properties ?? {};
  if ('subaccount' in properties) return { ...fields, subaccount: locked(subaccount, fields.subaccount) };
  if ('subaccount_number' in properties && fields.subaccount_number !== undefined)
    locked(subaccount, fields.subaccount_number);
  // Batch create and cancel: each item names its own subaccount.
  if ('orders' in properties && Array.isArray(fields.orders))
    return {
      ...fields,
      orders: fields.orders.map((item) =>
        item !== null && typeof item === 'object'
          ? { ...item, subaccount: locked(subaccount, (item as { subaccount?: unknown }).subaccount) }
          : item,
      ),
    };
  return body;
}

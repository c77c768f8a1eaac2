import { listOperations, type SpecOperation } from './operations';
import { own } from './own';
import { deref } from './refs';
import type { RetryPolicy } from './runtime/operation-info';
import { flatten } from './schema-diff';

type Doc = Record<string, unknown>;

// Whether a write may be sent again after an attempt whose answer was lost (5xx, connection cut, timeout), decided
// per operation of Kalshi's spec (3.31.0) by what a second call does once the first has acted. A repeat the exchange
// refuses (400 "quote is accepted", 404 for a thing already deleted) would report the write's own success as its
// failure, so such writes are not repeated: the caller gets the lost-answer error, which says it may have acted.
// A 429 is retried whatever the policy (the exchange refused it before acting).

const KEYED_CREATE: RetryPolicy = { repeat: 'keyed', key: 'client_order_id', lostResponse: 'existing-order' };
const REPEAT: RetryPolicy = { repeat: 'always', lostResponse: 'none' };
const NEVER: RetryPolicy = { repeat: 'never', lostResponse: 'none' };

/** Policies by operationId (a moved path keeps its policy); an operation not listed gets `defaultRetryPolicy`. */
export const RETRY_POLICIES: Readonly<Record<string, RetryPolicy>> = {
  // Order writes (kalshi-api-notes §5.6, §5.9–5.12): a create is refused as a duplicate of its client_order_id (409);
  // an amend or a decrease repeated after it took effect could act again, so a lost one is read back; a cancel
  // repeated is a harmless 404, resolved by reading the order.
  CreateOrderV2: KEYED_CREATE,
  BatchCreateOrdersV2: KEYED_CREATE,
  AmendOrderV2: { repeat: 'never', lostResponse: 'read-order' },
  DecreaseOrderV2: { repeat: 'never', lostResponse: 'read-order' },
  CancelOrderV2: { repeat: 'always', lostResponse: 'read-order' },
  BatchCancelOrdersV2: { repeat: 'always', lostResponse: 'read-order' },

  // Cancel-all answers 204 whatever it finds, and orders placed in the minute after it may be canceled anyway (§5.13).
  CancelAllOrders: REPEAT,
  // Writes that set a value (a limit, a flag, a cap, a category's membership, the whole allocation): a second call
  // sets the same value and gets the same answer.
  UpdateOrderGroupLimit: REPEAT,
  UpdateSubaccountNetting: REPEAT,
  UpdateFCMEventContractDailyCap: REPEAT,
  UpdateFCMSubtraderBlockedCategories: REPEAT,
  SetTargetBalanceAllocation: REPEAT,

  // Not repeated, though PUT or DELETE (listed so that the reason is on record; the default says the same):
  // - a step of a quote's life (accept, confirm) happens once; a second is refused (400) or acts on a later state;
  AcceptRFQQuote: NEVER,
  ConfirmRFQQuote: NEVER,
  AcceptQuote: NEVER,
  ConfirmQuote: NEVER,
  // - a delete repeated finds nothing: 404 for what the first call deleted;
  DeleteOrderGroup: NEVER,
  DeleteRFQ: NEVER,
  DeleteRFQQuote: NEVER,
  DeleteQuote: NEVER,
  DeleteApiKey: NEVER,
  DeleteFCMEventContractDailyCap: NEVER,
  // - an order group's reset zeroes the fills counted since the first one (it lets a full limit more through); its
  //   trigger is a one-way step whose repeat Kalshi does not document.
  ResetOrderGroup: NEVER,
  TriggerOrderGroup: NEVER,
  // - the other POSTs: a create makes another thing or is refused as a duplicate (409), a transfer moves the money
  //   again (ApplySubaccountTransfer's client_transfer_id is "for idempotency", but what a duplicate answers is not
  //   documented), an accept or an upgrade happens once.
  CreateOrderGroup: NEVER,
  CreateSubaccount: NEVER,
  ApplySubaccountTransfer: NEVER,
  IntraExchangeInstanceTransfer: NEVER,
  ProposeBlockTrade: NEVER,
  AcceptBlockTradeProposal: NEVER,
  CreateRFQ: NEVER,
  CreateQuote: NEVER,
  CreateApiKey: NEVER,
  GenerateApiKey: NEVER,
  UpgradeAccountApiUsageLevel: NEVER,
  CreateMarketInMultivariateEventCollection: NEVER,
  CreateFCMSubtrader: NEVER,
};

/** An operation the table does not list: reads are repeated, writes are not (a wrong "never" only costs recovery). */
export function defaultRetryPolicy(method: string): RetryPolicy {
  return method === 'get' ? REPEAT : NEVER;
}

/** The retry policy of an operation by its operationId and method (lower case). */
export function retryPolicyOf(operationId: string, method: string): RetryPolicy {
  // An own entry only: an operationId `toString` or `constructor` is no entry of the table.
  return own(RETRY_POLICIES, operationId) ?? defaultRetryPolicy(method);
}

/**
 * What the table says that the spec no longer bears out, one line each: an entry whose operationId is not in the
 * spec, a key field missing from the operation's request body (or its batch items), and a write the table does not
 * list (it falls back to "never", silently losing any recovery a keyed repeat would give).
 */
export function retryPolicyProblems(document: Doc, policies = RETRY_POLICIES): string[] {
  const problems: string[] = [];
  const operations = new Map(listOperations(document).map((op) => [op.operationId, op]));
  for (const [operationId, policy] of Object.entries(policies)) {
    const op = operations.get(operationId);
    if (!op) {
      problems.push(`RETRY_POLICIES.${operationId}: no operation with this operationId in the spec`);
      continue;
    }
    if (policy.key && !bodyFields(document, op).has(policy.key))
      problems.push(
        `RETRY_POLICIES.${operationId}: key field "${policy.key}" is not in the request body of ${label(op)}`,
      );
  }
  for (const op of operations.values())
    if (op.method !== 'get' && !Object.hasOwn(policies, op.operationId))
      problems.push(`${label(op)} (${op.operationId}): a write without an entry in RETRY_POLICIES (defaults to never)`);
  return problems;
}

const label = (op: SpecOperation) => `${op.method.toUpperCase()} ${op.path}`;

/** The request body's JSON fields, and those of the items of its array fields (a batch's orders). */
function bodyFields(document: Doc, op: SpecOperation): Set<string> {
  const body = deref<Doc>(document, op.operation.requestBody);
  const content = (body?.content ?? {}) as Record<string, { schema?: unknown }>;
  const properties = (flatten(document, content['application/json']?.schema).properties ?? {}) as Doc;
  const fields = new Set(Object.keys(properties));
  for (const value of Object.values(properties)) {
    const field = flatten(document, value);
    if (field.type === 'array')
      for (const name of Object.keys(flatten(document, field.items).properties ?? {})) fields.add(name);
  }
  return fields;
}

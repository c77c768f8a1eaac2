import type { RetryPolicy } from './runtime/operation-info';

// Whether a write may be sent again after an attempt whose answer was lost (5xx, connection cut, timeout), decided
// per operation of Kalshi's spec (3.31.0) by what a second call does once the first has acted. A repeat the exchange
// refuses (400 "quote is accepted", 404 for a thing already deleted) would report the write's own success as its
// failure, so such writes are not repeated: the caller gets the lost-answer error, which says it may have acted.
// A 429 is retried whatever the policy (the exchange refused it before acting).

const KEYED_CREATE: RetryPolicy = { repeat: 'keyed', key: 'client_order_id', lostResponse: 'existing-order' };
const REPEAT: RetryPolicy = { repeat: 'always', lostResponse: 'none' };
const NEVER: RetryPolicy = { repeat: 'never', lostResponse: 'none' };

/** Policies by `METHOD path`; an operation not listed gets `defaultRetryPolicy`. */
export const RETRY_POLICIES: Readonly<Record<string, RetryPolicy>> = {
  // Order writes (kalshi-api-notes §5.6, §5.9–5.12): a create is refused as a duplicate of its client_order_id (409);
  // an amend or a decrease repeated after it took effect could act again, so a lost one is read back; a cancel
  // repeated is a harmless 404, resolved by reading the order.
  'POST /portfolio/events/orders': KEYED_CREATE,
  'POST /portfolio/events/orders/batched': KEYED_CREATE,
  'POST /portfolio/events/orders/{order_id}/amend': { repeat: 'never', lostResponse: 'read-order' },
  'POST /portfolio/events/orders/{order_id}/decrease': { repeat: 'never', lostResponse: 'read-order' },
  'DELETE /portfolio/events/orders/{order_id}': { repeat: 'always', lostResponse: 'read-order' },
  'DELETE /portfolio/events/orders/batched': { repeat: 'always', lostResponse: 'read-order' },

  // Cancel-all answers 204 whatever it finds, and orders placed in the minute after it may be canceled anyway (§5.13).
  'DELETE /portfolio/events/orders': REPEAT,
  // Writes that set a value (a limit, a flag, a cap, a category's membership, the whole allocation): a second call
  // sets the same value and gets the same answer.
  'PUT /portfolio/order_groups/{order_group_id}/limit': REPEAT,
  'PUT /portfolio/subaccounts/netting': REPEAT,
  'PUT /fcm/subtraders/event_contract_daily_cap': REPEAT,
  'PUT /fcm/subtraders/blocked_categories': REPEAT,
  'POST /portfolio/target_balance_allocation': REPEAT,

  // Not repeated, though PUT or DELETE (listed so that the reason is on record; the default says the same):
  // - a step of a quote's life (accept, confirm) happens once; a second is refused (400) or acts on a later state;
  'PUT /communications/rfqs/{rfq_id}/quotes/{quote_id}/accept': NEVER,
  'PUT /communications/rfqs/{rfq_id}/quotes/{quote_id}/confirm': NEVER,
  'PUT /communications/quotes/{quote_id}/accept': NEVER,
  'PUT /communications/quotes/{quote_id}/confirm': NEVER,
  // - a delete repeated finds nothing: 404 for what the first call deleted;
  'DELETE /portfolio/order_groups/{order_group_id}': NEVER,
  'DELETE /communications/rfqs/{rfq_id}': NEVER,
  'DELETE /communications/rfqs/{rfq_id}/quotes/{quote_id}': NEVER,
  'DELETE /communications/quotes/{quote_id}': NEVER,
  'DELETE /api_keys/{api_key}': NEVER,
  'DELETE /fcm/subtraders/event_contract_daily_cap': NEVER,
  // - an order group's reset zeroes the fills counted since the first one (it lets a full limit more through); its
  //   trigger is a one-way step whose repeat Kalshi does not document.
  'PUT /portfolio/order_groups/{order_group_id}/reset': NEVER,
  'PUT /portfolio/order_groups/{order_group_id}/trigger': NEVER,
  // The other POSTs keep the default: a create makes another thing or is refused as a duplicate (409), a transfer
  // moves the money again (ApplySubaccountTransfer's client_transfer_id is "for idempotency", but what a duplicate
  // answers is not documented), an accept or an upgrade happens once.
};

/** An operation the table does not list: reads are repeated, writes are not (a wrong "never" only costs recovery). */
export function defaultRetryPolicy(method: string): RetryPolicy {
  return method === 'get' ? REPEAT : NEVER;
}

/** The retry policy of an operation by its method (lower case) and path template. */
export function retryPolicyOf(method: string, path: string): RetryPolicy {
  return RETRY_POLICIES[`${method.toUpperCase()} ${path}`] ?? defaultRetryPolicy(method);
}

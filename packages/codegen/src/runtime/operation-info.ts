// The shape of one entry of the generated operation manifest. Real source in @org/kalshi-codegen, copied verbatim
// next to the generated `manifest.ts` so that the client and the mock need no runtime dependency on the generator.

/** An HTTP method of an OpenAPI operation. */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** What the client and the mock need to know about one operation, from the spec. */
export interface OperationInfo {
  /** The spec's operationId, by which the client calls the operation. */
  readonly operationId: string;
  /** The HTTP method, lower case. */
  readonly method: HttpMethod;
  /** Path template relative to the server URL, e.g. `/markets/{ticker}`. */
  readonly path: string;
  /** The spec's tags: in the generator's manifest only (the runtime manifest leaves them out to stay small). */
  readonly tags?: readonly string[];
  /** `required`: signed headers needed; `optional`: works with or without; `none`: public. */
  readonly auth: 'required' | 'optional' | 'none';
  /**
   * An OAuth bearer token (`Authorization: Bearer …`, a `type: http, scheme: bearer` security scheme) is accepted in
   * place of the signed headers. Absent: false.
   */
  readonly bearer?: boolean;
  /** The spec marks the operation deprecated. */
  readonly deprecated: boolean;
  /**
   * Whether every 2xx answer carries a JSON object (the spec declares one): an empty, `null` or other non-object
   * body is then a KalshiInvalidResponseError. False where the spec declares none (a 204, some 200s). Absent (an
   * operation table written by hand): not checked.
   */
  readonly objectBody?: boolean;
  /**
   * The spec's request body is JSON and optional: a call without one sends `{}` (Kalshi refuses a body-less write
   * with 400 `invalid_content_type`, kalshi-api-notes §5.14). Absent: false.
   */
  readonly optionalBody?: boolean;
  /**
   * The names of the spec's query parameters, in its order: the client refuses a raw call's `params.query` key that
   * is none of them (Kalshi ignores an unknown name, and the call acts without that filter). Absent (an operation
   * table written by hand): not checked.
   */
  readonly query?: readonly string[];
  /**
   * The top-level fields of the spec's JSON request body, where it lists them and takes no others: the client
   * refuses a raw call's body key that is none of them (Kalshi ignores an unknown field, so a misspelt `post_only`
   * sends an order that crosses). Absent (no such list, or an operation table written by hand): not checked.
   */
  readonly body?: readonly string[];
  /** For a body field that is a list of objects whose fields the spec lists (a batch's `orders`): those fields. */
  readonly bodyItems?: Readonly<Record<string, readonly string[]>>;
  /** How a call may be repeated and how a response lost after the exchange may have acted is resolved. */
  readonly retry: RetryPolicy;
  /**
   * Cursor pagination: the response field holding the next cursor and the one holding the page's items;
   * `itemsOptional` when the spec does not require that field (a page without it is an empty one).
   */
  readonly pagination: null | {
    /** The response field holding the next page's cursor. */
    readonly cursorField: string;
    /** The response field holding the page's items. */
    readonly itemsField: string;
    /** The spec does not require the items field: a page without it has no items. */
    readonly itemsOptional?: boolean;
  };
}

/**
 * Retry and idempotency policy of one operation, as data: the client's transport and order helpers act on it and
 * never guess from a request body. A 429 is always retried whatever the policy: the exchange refused it before acting.
 */
export interface RetryPolicy {
  /**
   * Whether the transport may send the call again after a failure the exchange may have acted on (5xx, connection
   * lost, timeout, broken body): `always` (reads, and writes whose repeat changes nothing), `keyed` (only when the
   * body carries `key`, on every item of a batch: the exchange refuses a duplicate key), `never`.
   */
  readonly repeat: 'always' | 'keyed' | 'never';
  /** The body field that makes a repeat safe (`client_order_id`). */
  readonly key?: string;
  /**
   * How a lost response is resolved to the true outcome: `existing-order` (a 409 `order_already_exists` for our own
   * key, after an attempt whose answer was lost, is that attempt's order), `read-order` (read the order back: the
   * change is in effect, or it is sent again), `none`.
   */
  readonly lostResponse: 'existing-order' | 'read-order' | 'none';
}

// Documented rules on read parameters and request bodies that their schemas cannot express (spec 3.31.0 parameter
// and field descriptions): ids that must be UUIDs ("malformed IDs return HTTP 400"), list maximums, parameters or
// fields that cannot be used together. A malformed id gets Kalshi's detail-less 400 (notes §3.2); the others the
// nested 400 `invalid_parameters` naming the parameter, as the GET /markets filter conflicts get (market-filters.ts;
// notes §3 record no body for these).
import { invalidParameters, parameterValidationFailed } from '../exchange/errors';
import { allOperations, parametersOf, resolveRef, type SchemaObject } from '../schema/spec';
import { isCursorOf } from './paginate';
import { malformedId, type Query, UUID } from './request';
import { list } from './routes-market-data';

const refuse = (details: string) => invalidParameters(details);
/** Sent: an empty string is Go's absent value for the fields without a pointer, null a nil pointer. */
const given = (query: Query, name: string) => query[name] !== undefined && query[name] !== null && query[name] !== '';

function uuid(query: Query, name: string): void {
  const value = query[name];
  if (typeof value === 'string' && value !== '' && !UUID.test(value)) throw malformedId();
}

/** A cursor this list did not write: refused like a malformed id, where the spec says so. */
function cursorOf(query: Query, list: string): void {
  if (given(query, 'cursor') && !isCursorOf(String(query.cursor), list)) throw malformedId();
}

function atMost(query: Query, name: string, max: number): void {
  const values = list(query[name]) ?? [];
  if (values.length > max) throw refuse(`${name}: at most ${max} values, got ${values.length}`);
}

function notTogether(query: Query, names: readonly string[], why: string): void {
  const used = names.filter((name) => given(query, name));
  if (used.length > 1) throw refuse(`${used.join(' and ')}: ${why}`);
}

/**
 * Whether a query parameter is a Go pointer in Kalshi's server (oapi-codegen: optional, and no
 * `x-go-type-skip-optional-pointer`): sent empty, it holds "" as a value, where a plain string's "" is Go's absent
 * value.
 */
function isPointer(operationId: string, name: string): boolean {
  const op = allOperations.find((o) => o.operationId === operationId);
  const param = op && parametersOf(op).find((p) => p.in === 'query' && p.name === name);
  if (!param || param.required === true) return false;
  const skips = (node: SchemaObject) => node['x-go-type-skip-optional-pointer'] === true;
  return !skips(param) && !skips(resolveRef(param.schema ?? {}));
}

/**
 * A parameter's value among those its spec text lists (each value of a `commaList`): otherwise the gateway's bare msg
 * naming the parameter, as a value outside a schema's enum gets (`/markets?status=bogus`, notes §3.1). A parameter the
 * spec gives one value takes no comma list: `status=resting,canceled` would otherwise match no order and read as none.
 * Sent empty (`count_filter=`, or an empty item of a list: `position,`), a pointer parameter holds "", which is none
 * of the values: refused as `mve_filter=` (a schema enum) is, not read as no filter (the notes are silent on empty
 * values; where unsure the mock refuses). A plain string's "" is absent (GetQuotes `status`).
 */
function oneOf(operationId: string, query: Query, name: string, allowed: readonly string[], commaList = false): void {
  const value = query[name];
  const sent = typeof value === 'string' && (value !== '' || isPointer(operationId, name));
  const values = !sent ? [] : commaList ? value.split(',') : [value];
  const wrong = values.find((value) => !allowed.includes(value));
  if (wrong !== undefined)
    throw parameterValidationFailed(
      operationId,
      `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(wrong)}`,
    );
}

const RULES: Partial<Record<string, (query: Query, operationId: string) => void>> = {
  // "Filter quotes by RFQ UUID. Pass the RFQ ID unchanged; malformed IDs return HTTP 400." and the operation's "Pass
  // pagination cursors back unchanged; malformed RFQ IDs or cursors return HTTP 400." (outside round P-D1)
  // `status`: one of the Quote's (or the RFQ's) status enum, as an order's status filter is: a slip such as the
  // orders' `canceled` must not read as "none" (the notes are silent on other values).
  GetQuotes: (query, operationId) => {
    uuid(query, 'rfq_id');
    cursorOf(query, 'quotes');
    oneOf(operationId, query, 'status', ['open', 'accepted', 'confirmed', 'executed', 'cancelled']);
  },
  // "A malformed cursor or invalid creator_user_id UUID returns HTTP 400."
  GetRFQs: (query, operationId) => {
    uuid(query, 'creator_user_id');
    cursorOf(query, 'rfqs');
    oneOf(operationId, query, 'status', ['open', 'closed']);
  },
  // `status`: "Filter block trade proposals by status", a free string in the spec; a proposal reads as pending,
  // executed or expired (rfqs.ts proposalStatus). Another value matched none and read as "no proposals".
  GetBlockTradeProposals: (query, operationId) =>
    oneOf(operationId, query, 'status', ['pending', 'executed', 'expired']),
  // "Event tickers to filter by, as a comma-separated list (maximum 10)." The operation: "Restricts the response to
  // orders that have a certain status: resting, canceled, or executed." (spec OrderStatus has the same three; one
  // status, a plain string): a typo or a list must not read as an account without orders.
  GetOrders: (query, operationId) => {
    atMost(query, 'event_ticker', 10);
    oneOf(operationId, query, 'status', ['resting', 'canceled', 'executed']);
  },
  // CountFilterQuery: "any of following fields …, as a comma separated list. The following values are accepted -
  // position, total_traded".
  GetPositions: (query, operationId) => oneOf(operationId, query, 'count_filter', ['position', 'total_traded'], true),
  // OrderIdQuery: an order id is a UUID, and a malformed one gets 400 invalid_parameters (notes §3.2).
  GetFills: (query) => uuid(query, 'order_id'),
  // collection_ticker: "Cannot be used together with series_ticker."
  GetMultivariateEvents: (query) =>
    notTogether(query, ['series_ticker', 'collection_ticker'], 'cannot be used together'),
  // "Filters are mutually exclusive."
  GetHistoricalMarkets: (query) =>
    notTogether(query, ['tickers', 'event_ticker', 'series_ticker'], 'filters are mutually exclusive'),
  // last_sec: "Mutually exclusive with from/to"; from: "Must be paired with to unless last_sec is used".
  GetWeatherIndex: (query) => {
    if (given(query, 'last_sec')) notTogether(query, ['last_sec', 'from', 'to'], 'last_sec excludes from and to');
    else if (given(query, 'from') && !given(query, 'to')) throw refuse('from: must be paired with to');
  },
};

/**
 * The operations whose `event_ticker` is SingleEventTickerQuery: "Only a single event ticker is supported." A list
 * there matched no event and answered an empty list; Kalshi's answer is not recorded (the notes are silent), so it gets
 * the refusal an eleventh ticker gets where a list is taken (`atMost`). Tickers hold no comma (notes §6.6).
 */
const SINGLE_EVENT_TICKER = new Set(
  allOperations
    .filter((op) =>
      parametersOf(op).some(
        (p) => p.in === 'query' && p.name === 'event_ticker' && /Only a single event ticker/.test(p.description ?? ''),
      ),
    )
    .map((op) => op.operationId),
);

/** Refuses a request whose query breaks a rule its operation's spec text states. */
export function checkQueryRules(operationId: string, query: Query): void {
  if (SINGLE_EVENT_TICKER.has(operationId) && typeof query.event_ticker === 'string') {
    const count = query.event_ticker.split(',').length;
    if (count > 1) throw refuse(`event_ticker: only a single event ticker is supported, got ${count}`);
  }
  RULES[operationId]?.(query, operationId);
}

// An API key's subaccount and fcm_subtrader_id: "Mutually exclusive with fcm_subtrader_id" (GenerateApiKeyRequest and
// CreateApiKeyRequest.subaccount).
const oneKeyBinding = (body: Query) => notTogether(body, ['subaccount', 'fcm_subtrader_id'], 'mutually exclusive');

const BODY_RULES: Partial<Record<string, (body: Query) => void>> = {
  // target_cost_excludes_fees: "Only valid together with a target cost." (false is the default: no rule to break).
  CreateRFQ: (body) => {
    if (
      body.target_cost_excludes_fees === true &&
      !given(body, 'target_cost_dollars') &&
      !given(body, 'target_cost_centi_cents')
    )
      throw refuse('target_cost_excludes_fees: only valid together with a target cost (target_cost_dollars)');
  },
  // buyer_subtrader_id: "Provide either this or buyer_subaccount, not both" (and the seller's the same).
  ProposeBlockTrade: (body) => {
    for (const party of ['buyer', 'seller'])
      notTogether(body, [`${party}_subaccount`, `${party}_subtrader_id`], 'provide either, not both');
  },
  // rfq_id: "The UUID of the RFQ to quote on. Pass the RFQ ID unchanged; malformed IDs return HTTP 400." (outside
  // round R-D1: a malformed one was looked up and answered 404)
  // An empty one too, "" being Go's absent value: the RFQ to quote on is required (verifier V-D1).
  CreateQuote: (body) => {
    if (body.rfq_id === '') throw malformedId();
    uuid(body, 'rfq_id');
  },
  GenerateApiKey: oneKeyBinding,
  CreateApiKey: oneKeyBinding,
};

/** Refuses a request whose body, as sent, breaks a rule its operation's spec text states. */
export function checkBodyRules(operationId: string, body: unknown): void {
  if (body !== null && typeof body === 'object') BODY_RULES[operationId]?.(body as Query);
}

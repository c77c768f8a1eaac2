import type { ErrorObject } from 'ajv';
import { badRequest, exchangeError, invalidParameters, parameterValidationFailed } from '../exchange/errors';
import { FixedPointError, parseDollars } from '../generated/fixed-point';
import type { OperationInfo } from '../generated/manifest';
import { parametersOf, requestBodySchema, resolveRef, type SchemaObject } from '../schema/spec';
import { describeErrors, escapePointer, fieldPath, validatorAt, validatorFor } from '../schema/validate';
import { dropNullMembers, tooDeep } from './go-json';
import { fractionalNumbersAsHalves, longString, MAX_STRING_LENGTH } from './json-text';

export type Query = Record<string, unknown>;

/** Request bodies above this many bytes get 413 (Kalshi's own cap is undocumented; a 20-order batch is ~5 kB). */
export const MAX_BODY_BYTES = 1_048_576;

// Kalshi's order ids are UUIDs, and a malformed one gets 400 invalid_parameters without details, not 404
// (kalshi-api-notes §3.2, recorded on demo). RFQ and quote ids are UUIDs too: "malformed IDs return HTTP 400" (spec).
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATH_IDS = ['order_id', 'rfq_id', 'quote_id'] as const;

/** A malformed id, answered as Kalshi answers a malformed order id: no details. */
export const malformedId = () => invalidParameters();

/** Refuses a path's malformed order, RFQ or quote id as Kalshi does. */
export function checkPathIds(params: Readonly<Record<string, string>>): void {
  for (const name of PATH_IDS) if (params[name] !== undefined && !UUID.test(params[name])) throw malformedId();
}

/** Query parameters typed by their schemas (arrays from repeats or commas), then validated like Kalshi's gateway. */
export function parseQuery(op: OperationInfo, url: URL): Query {
  const params = parametersOf(op).filter((p) => p.in === 'query');
  const query: Query = {};
  const properties: Record<string, SchemaObject> = {};
  const required: string[] = [];
  for (const param of params) {
    properties[param.name] = param.schema ?? {};
    if (param.required) required.push(param.name);
    const raw = url.searchParams.getAll(param.name);
    if (raw.length === 0 || (mayBeLeftEmpty(param) && raw.every((value) => value === ''))) continue;
    // A required parameter sent empty names nothing: not an empty list's answer (go-playground's `required` refuses a
    // zero value; the notes are silent, and where unsure the mock refuses).
    if (param.required && raw.every((value) => value === ''))
      throw parameterValidationFailed(op.operationId, `${param.name} is required, got an empty value`);
    const schema = resolveRef(param.schema ?? {});
    // A parameter that is not an array takes one value (spec GetMarkets: "Only one `status` filter may be supplied at
    // a time"; oapi-codegen's binding refuses "multiple values for single value parameter"): never the first in silence.
    if (raw.length > 1 && typeOf(schema) !== 'array')
      throw parameterValidationFailed(op.operationId, `${param.name} takes a single value, got ${raw.length}`);
    // An exploded array (`style: form`, explode by default: every array parameter of the spec) takes each repeat
    // whole; a comma is no separator there (oapi-codegen's binding), and no ticker, id or percentile holds one.
    const exploded = typeOf(schema) === 'array' && param.explode !== false;
    const listed = exploded ? raw.find((value) => value.includes(',')) : undefined;
    if (listed !== undefined)
      throw parameterValidationFailed(
        op.operationId,
        `${param.name} takes one value per repeat (${param.name}=a&${param.name}=b), got ${JSON.stringify(listed)}`,
      );
    const coerced = coerce(schema, raw);
    const typed = NOTED_MEANINGS[op.operationId]?.[param.name]?.(coerced) ?? coerced;
    if (omitsEmpty(param) && typed === (schema.type === 'string' ? '' : 0)) continue;
    query[param.name] = typed;
  }
  const validate = validatorFor(`query:${op.operationId}`, { type: 'object', properties, required });
  if (!validate(query)) throw parameterValidationFailed(op.operationId, describeErrors(validate, query));
  return query;
}

/**
 * Whether a sent zero value (0 for a number, "" for a string; `limit=` is no number and stays refused) is taken as not
 * sent, as Kalshi's Go server would: its go-playground validate tag (spec `x-oapi-codegen-extra-tags`) holds
 * `omitempty`, and the value is a plain Go value. oapi-codegen makes an optional parameter a pointer unless the spec
 * says `x-go-type-skip-optional-pointer`, and `omitempty` skips only a nil pointer: a sent 0 is still checked by the
 * rules after it. So `limit=0` is refused by `min=1` on GetFills, GetOrders, … (LimitQuery: a pointer), and is the
 * default page on GetIntraExchangeInstanceTransfers (TransfersLimitQuery skips the pointer). The notes record no
 * answer to `limit=0` (only `limit=-1` and `limit=1001`: 400); where unsure, the mock refuses, so that code green on
 * the mock is not refused by Kalshi.
 */
function omitsEmpty(param: SchemaObject): boolean {
  const schema = resolveRef(param.schema ?? {});
  const tag = param['x-oapi-codegen-extra-tags']?.validate ?? schema['x-oapi-codegen-extra-tags']?.validate;
  const plainValue =
    param.required === true ||
    param['x-go-type-skip-optional-pointer'] === true ||
    schema['x-go-type-skip-optional-pointer'] === true;
  return plainValue && typeof tag === 'string' && tag.split(',').includes('omitempty');
}

/**
 * Where the notes give a parameter a meaning its schema refuses, the notes win: the value is read as they say before
 * the schema sees it (undefined: as sent).
 */
const NOTED_MEANINGS: Partial<Record<string, Record<string, (value: unknown) => unknown>>> = {
  // Notes §6.3: "depth=N (0 or negative = all levels; 1‑100)", as the parameter's own spec text says ("0 or negative
  // means all levels"); its schema (`minimum: 0`, validate `min=0`) contradicts both. A negative depth is 0: all.
  GetMarketOrderbook: { depth: (value) => (typeof value === 'number' && value < 0 ? 0 : undefined) },
};

/**
 * A parameter whose spec text says an empty value means "no filter": GetMarkets and GetEvents `status` ("Leave empty
 * to return markets with any status"), the UserFilter schema of `user_filter` and `rfq_user_filter` ("Omit or leave
 * empty to return all results"), the cursors ("Leave empty for the first page"). Sent empty, it counts as absent.
 */
const mayBeLeftEmpty = (param: SchemaObject) =>
  LEFT_EMPTY.test(param.description ?? '') || LEFT_EMPTY.test(resolveRef(param.schema ?? {}).description ?? '');
const LEFT_EMPTY = /\bleave empty\b/i;

// Go's strconv.ParseBool, which oapi-codegen's query binding uses (the notes are silent on boolean spellings; the spec
// is oapi-codegen's and the recorded errors are Go texts, §3.1). Anything else stays a string the schema refuses.
const GO_BOOLEANS: Readonly<Record<string, boolean>> = {
  ...Object.fromEntries(['1', 't', 'T', 'TRUE', 'true', 'True'].map((v) => [v, true])),
  ...Object.fromEntries(['0', 'f', 'F', 'FALSE', 'false', 'False'].map((v) => [v, false])),
};

const typeOf = (schema: SchemaObject) => schema.type ?? resolveRef(schema.allOf?.[0] ?? {}).type;

function coerce(schema: SchemaObject, raw: string[]): unknown {
  const type = typeOf(schema);
  if (type === 'array') {
    const itemType = resolveRef(schema.items ?? {}).type;
    return raw
      .flatMap((v) => v.split(','))
      .filter(Boolean)
      .map((v) => coerce({ type: itemType }, [v]));
  }
  const value = raw[0] ?? '';
  // Go's strconv rules, not JavaScript's Number(): no `0x10`, `1e2`, ` 1 ` or `Infinity` for integers. A value that
  // does not parse stays a string, which the schema then rejects as the wrong type.
  if (type === 'integer')
    return /^[+-]?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (type === 'number')
    return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) && Number.isFinite(Number(value))
      ? Number(value)
      : value;
  if (type === 'boolean') return Object.hasOwn(GO_BOOLEANS, value) ? GO_BOOLEANS[value] : value;
  return value;
}

/** Whether a Content-Type header value declares JSON (`application/json`, with parameters or not). */
export const isJsonContentType = (value: string | null): boolean =>
  /^application\/json\s*(;|$)/i.test(value?.trim() ?? '');

/**
 * The JSON body, validated against the operation's schema. JSON type mismatches get Kalshi's flat `bad_request`
 * (Go unmarshal wording); other violations a nested 400 `invalid_parameters` naming the field.
 */
export async function parseBody(op: OperationInfo, request: Request): Promise<unknown> {
  const schema = requestBodySchema(op);
  if (!schema) return undefined;
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  // Kalshi answers a body that is not declared JSON with 400 invalid_content_type (kalshi-api-notes §5.14).
  if (!isJsonContentType(request.headers.get('content-type')))
    throw exchangeError(400, 'invalid_content_type', 'invalid content type', 'Content-Type must be application/json');
  const text = await request.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) throw tooLarge();
  const deep = tooDeep(text);
  if (deep) throw badRequest(`invalid character '${deep}' exceeded max depth`);
  let body: unknown;
  try {
    body = text ? dropNullMembers(JSON.parse(text)) : undefined;
  } catch {
    throw badRequest('invalid character in request body: not valid JSON');
  }
  // A `null` body decodes to nothing in Go, as an empty one does.
  if (body === undefined || body === null) throw invalidParameters('request body is required');
  const pointer = `#/paths/${escapePointer(op.path)}/${op.method}/requestBody/content/application~1json/schema`;
  const validate = validatorAt(pointer);
  if (!validate(body)) {
    const typeError = validate.errors?.find((e) => e.keyword === 'type');
    if (typeError) throw unmarshalError(schema, typeError, body);
    throw invalidParameters(describeErrors(validate, body));
  }
  // Go does not unmarshal `1e2` or `1.0` into an integer field. JSON.parse forgets how a number was written, so
  // such numbers are checked again written as 0.5: an integer field then fails on its type.
  const probe = fractionalNumbersAsHalves(text);
  if (probe !== undefined && !validate(dropNullMembers(JSON.parse(probe)))) {
    const typeError = validate.errors?.find((e) => e.keyword === 'type' && String(e.params.type).includes('integer'));
    if (typeError) throw unmarshalError(schema, typeError, body, 'number');
  }
  const empty = emptyRequired(schema, body, '');
  if (empty !== undefined) throw invalidParameters(`${empty} is required`);
  const long = longString(body);
  if (long !== undefined) throw invalidParameters(`${long || 'body'} must be at most ${MAX_STRING_LENGTH} characters`);
  return body;
}

/**
 * The path of the first string field sent empty whose validate tag (spec `x-oapi-codegen-extra-tags`) says `required`
 * or `min=1` (CreateOrderV2Request.ticker: `required,min=1`; an order batch's items through `dive`): go-playground's
 * `required` refuses Go's zero value "" as it refuses a field left out, before any lookup; else undefined.
 */
function emptyRequired(schema: SchemaObject | undefined, value: unknown, path: string): string | undefined {
  const ref = resolveRef(schema ?? {});
  const node = ref.allOf ? resolveRef(ref.allOf[0] ?? {}) : ref;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = node.items ? emptyRequired(node.items, item, `${path}[${i}]`) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, property] of Object.entries((node.properties ?? {}) as Record<string, SchemaObject>)) {
    const member = (value as Record<string, unknown>)[key];
    const at = path ? `${path}.${key}` : key;
    const rules = String(property['x-oapi-codegen-extra-tags']?.validate ?? '').split(',');
    if (member === '' && (rules.includes('required') || rules.includes('min=1'))) return at;
    const found = emptyRequired(property, member, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

function unmarshalError(schema: SchemaObject, typeError: ErrorObject, body: unknown, got?: string) {
  const segments = typeError.instancePath.split('/').filter(Boolean);
  const value = segments.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
  // Go's own text names no item (`orders.count`); the mock keeps the item's index, written as its refusals write one.
  const field = fieldPath(typeError.instancePath);
  // Only array elements can still be null here (null members are dropped). Go would decode one as an empty element
  // without complaint, so there is no Go text to imitate: the element is refused as a missing value.
  if (value === null && got === undefined) return invalidParameters(`${field} is required`);
  const kind = got ?? (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  return badRequest(
    `json: cannot unmarshal ${kind} into Go struct field ${schemaName(schema)}.${field} of type ${String(typeError.params.type)}`,
  );
}

export function tooLarge() {
  // Kalshi's status and body for an oversize request are undocumented: 413 in the nested shape.
  return exchangeError(
    413,
    'request_entity_too_large',
    'request entity too large',
    `request bodies are limited to ${MAX_BODY_BYTES} bytes`,
  );
}

function schemaName(schema: SchemaObject): string {
  return typeof schema.$ref === 'string' ? (schema.$ref.split('/').pop() ?? 'Request') : 'Request';
}

/** A request's dollar string in micro-dollars: 2–4 decimals (spec FixedPointDollars; kalshi-api-notes §4). */
export function requestDollars(value: unknown, field: string): number {
  if (typeof value === 'string' && !/\.\d{2,4}$/.test(value))
    throw new FixedPointError(field, `${JSON.stringify(value)} must have 2 to 4 decimals ("0.56" or "0.5600")`);
  return parseDollars(value, field, 4);
}

/** `parse`'s value, or its FixedPointError as a 400 with `code` (`invalid_price`, …) and the error's words. */
export function fixedPoint(parse: () => number, code: string): number {
  try {
    return parse();
  } catch (error) {
    throw exchangeError(400, code, code.replace(/_/g, ' '), (error as Error).message);
  }
}

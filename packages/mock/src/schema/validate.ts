import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { spec } from './spec';

// ajv-formats ships CommonJS with a default export.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ??
  addFormatsImport) as (a: Ajv) => Ajv;

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

/** One Ajv instance holding the whole spec; validators are compiled on first use and cached by JSON pointer. */
function instance(): Ajv {
  if (!ajv) {
    // OpenAPI 3.0 schemas: `nullable`, `example` and `x-*` keywords; not strict JSON Schema.
    ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, coerceTypes: false });
    addFormats(ajv);
    ajv.addSchema(nullableToAnyOf(spec) as object, 'kalshi');
  }
  return ajv;
}

/** A validator for the schema at a JSON pointer inside the spec ("#/components/schemas/Market"). */
export function validatorAt(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = instance().compile({ $ref: `kalshi${pointer}` });
    cache.set(pointer, validate);
  }
  return validate;
}

/** A validator for an inline schema object (e.g. built from query parameters); cached by key. */
export function validatorFor(key: string, schema: object): ValidateFunction {
  let validate = cache.get(key);
  if (!validate) {
    validate = instance().compile(pointIntoSpec(schema) as object);
    cache.set(key, validate);
  }
  return validate;
}

/**
 * The field at a JSON pointer (Ajv's `instancePath`), as every refusal of the mock names one: `orders[1].side`, an
 * array item by its index in brackets. kalshi-api-notes are silent on how Kalshi names an array item; its gateway's
 * texts are go-playground validator's (§3.1, "Key: 'GetMarketsParams.Limit' Error:Field validation for 'Limit'
 * …"), which write an item `Orders[1]`, and most of the mock's own messages wrote `selected_markets[1].event_ticker`
 * already.
 */
export function fieldPath(pointer: string): string {
  let path = '';
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(key) ? `[${key}]` : path ? `.${key}` : key;
  }
  return path;
}

export function describeErrors(validate: ValidateFunction, data?: unknown): string {
  const [first] = validate.errors ?? [];
  if (!first) return 'invalid';
  const where = first.instancePath ? fieldPath(first.instancePath) : 'body';
  // A field left out, named by its path ("orders[0].time_in_force is required"), not as its parent's property.
  if (first.keyword === 'required' && typeof first.params.missingProperty === 'string')
    return `${first.instancePath ? `${where}.` : ''}${first.params.missingProperty} is required`;
  // An enum's values and the one sent: what to send instead, not only that this was wrong.
  if (first.keyword === 'enum' && Array.isArray(first.params.allowedValues))
    return `${where} must be one of ${first.params.allowedValues.join(', ')}${sent(data, first.instancePath)}`;
  // A value past a limit: the limit (Ajv's message) and the value sent, as for an enum; a string's length, since a long
  // one is cut short, and an array's count rather than its items.
  if (VALUE_LIMITS.has(first.keyword))
    return `${where} ${first.message ?? 'is invalid'}${sent(data, first.instancePath, first.keyword)}`;
  return `${where} ${first.message ?? 'is invalid'}`;
}

const VALUE_LIMITS: ReadonlySet<string> = new Set([
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'maxItems',
  'minItems',
]);

/**
 * `, got <value>` for the value at a JSON pointer of `data` (cut short), or nothing when there is no data. For a length
 * limit, the length too (`(201 characters)`), and for an item count the count alone (`, got 101 items`).
 */
function sent(data: unknown, pointer: string, keyword?: string): string {
  if (data === undefined) return '';
  let value: unknown = data;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if ((keyword === 'maxItems' || keyword === 'minItems') && Array.isArray(value)) return `, got ${value.length} items`;
  const text = JSON.stringify(value) ?? String(value);
  // Ajv counts code points, as the limit does.
  const length =
    (keyword === 'maxLength' || keyword === 'minLength') && typeof value === 'string'
      ? ` (${[...value].length} characters)`
      : '';
  return `, got ${text.length > 60 ? `${text.slice(0, 60)}…` : text}${length}`;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Rewrites local refs ("#/components/...") of a schema taken out of the spec so they resolve inside it. */
function pointIntoSpec(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pointIntoSpec);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `kalshi${value}` : pointIntoSpec(value);
  }
  return out;
}

/**
 * OpenAPI 3.0 puts `nullable: true` next to `$ref` or `allOf`, which Ajv rejects without a `type`; rewrite those
 * nodes as `anyOf: [schema, { type: 'null' }]`, which means the same.
 */
function nullableToAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToAnyOf);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableToAnyOf(value);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

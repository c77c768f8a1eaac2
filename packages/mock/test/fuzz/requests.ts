// Spec-driven request generators for the fuzz suite: for every operation of the OpenAPI spec, valid and invalid
// path, query and body values (wrong types, huge and unicode strings, numbers at and beyond bounds, malformed JSON,
// wrong content types, duplicate keys) and good or bad signatures. Values that should name real objects (a market,
// an order) are references resolved against the exchange when the request is sent.
import fc from 'fast-check';
import type { OperationInfo } from '../../src/generated/manifest';
import { routes } from '../../src/http/routes';
import { exampleOf } from '../../src/schema/examples';
import { allOperations, parametersOf, requestBodySchema, resolveRef, type SchemaObject } from '../../src/schema/spec';

/**
 * The operations the mock models: every one once all fidelity branches merge (an unmodelled one answers 501, and the
 * conformance test holds every operation to its documented answer).
 */
const modelled = allOperations.filter((op) => routes[op.operationId]);

/** A reference to something in the exchange, resolved at send time (`index` modulo what exists). */
export interface Ref {
  readonly $ref: 'ticker' | 'order' | 'event' | 'series' | 'clientOrderId';
  readonly index: number;
}

export type Value = Ref | string | number | boolean | null | Value[] | { [key: string]: Value };

export type Auth = 'valid' | 'none' | 'bad-signature' | 'stale' | 'unknown-key' | 'garbage-timestamp';

export interface FuzzRequest {
  readonly operationId: string;
  readonly method: string;
  /** Path segments: literal text (already encoded, possibly malformed) or references. */
  readonly path: readonly (string | Ref)[];
  /** Raw query string pieces `name=value`, values encoded or deliberately not. */
  readonly query: readonly (readonly [string, string | Ref])[];
  readonly body?: {
    readonly json?: Value;
    /** Sent as is instead of `json`. */
    readonly text?: string;
    /** A textual edit of the serialised `json`: a duplicate first key, or its first integer written differently. */
    readonly edit?:
      | { readonly kind: 'duplicate'; readonly value: Value; readonly last: boolean }
      | { readonly kind: 'lexeme'; readonly number: string };
    readonly contentType?: string;
  };
  readonly auth: Auth;
}

const isRef = (value: unknown): value is Ref => typeof value === 'object' && value !== null && '$ref' in value;
const ref = (kind: Ref['$ref']) => fc.nat(1000).map((index): Ref => ({ $ref: kind, index }));

/** Strings a fuzzer would try: unicode, control characters, huge, empty, injection-looking. */
export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\uFFFF',
      '\uD800',
      '%ZZ',
      '../../etc/passwd',
      '{"a":1}',
      'null',
      '1e2',
      '0x10',
      ' 1 ',
      'Infinity',
      'NaN',
      '-0',
      '💥'.repeat(60),
      'x'.repeat(201),
      'x'.repeat(5000),
    ),
  },
);

/** Numbers at and beyond every bound the exchange cares about. */
export const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1, 63, 64, 100, 1000, 1001, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, 253_402_300_799, 9e15),
);

const jsonish: fc.Arbitrary<Value> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Value>,
);

const PRICES = ['0.0100', '0.0500', '0.2500', '0.4000', '0.5000', '0.6000', '0.7500', '0.9500', '0.9900'];
const validPrice = fc.constantFrom(...PRICES);
const anyPrice = fc.oneof(
  { weight: 6, arbitrary: validPrice },
  { weight: 1, arbitrary: fc.constantFrom('0.0150', '1.0000', '0', '-0.01', '0.01001', '', 'abc') },
);
const validCount = fc.constantFrom('1', '2', '3', '5', '10', '1.5', '0.01');
const anyCount = fc.oneof(
  { weight: 6, arbitrary: validCount },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.001', '1000000', '9000000', '', 'x') },
);
/** A small pool, so that creates collide on client_order_id. */
const clientOrderId = fc.oneof(fc.constantFrom('c-1', 'c-2', 'c-3', 'c-4'), ref('clientOrderId'));

/** Fields whose valid values are things the exchange holds, not what the spec's example says. */
function realValue(name: string): fc.Arbitrary<Value> | undefined {
  switch (name) {
    case 'ticker':
    case 'market_ticker':
      return ref('ticker');
    case 'event_ticker':
      return ref('event');
    case 'series_ticker':
      return ref('series');
    case 'order_id':
      return ref('order');
    case 'client_order_id':
    case 'updated_client_order_id':
      return clientOrderId;
    case 'price':
      return anyPrice;
    case 'count':
    case 'reduce_by':
    case 'reduce_to':
      return anyCount;
    case 'side':
      return fc.constantFrom('bid', 'ask');
    case 'time_in_force':
      return fc.constantFrom('good_till_canceled', 'immediate_or_cancel', 'fill_or_kill');
    case 'self_trade_prevention_type':
      return fc.constantFrom('taker_at_cross', 'maker');
    case 'expiration_time':
      return fc.constantFrom(1_000, 1_900_000_000, 4_000_000_000, 253_402_300_799, 9_000_000_000_000);
    case 'subaccount':
      return fc.constantFrom(0, 0, 0, 1, 63, 64, -1);
    case 'subaccount_number':
      return fc.constantFrom(0, 0, 1, 63, 64);
    case 'post_only':
    case 'reduce_only':
      return fc.boolean();
    default:
      return undefined;
  }
}

/** A schema-valid value with real references, generated from the schema's own structure. */
function valid(schemaOrRef: unknown, name: string, depth = 0): fc.Arbitrary<Value> {
  const real = realValue(name);
  if (real) return real;
  const schema = resolveRef<SchemaObject>(schemaOrRef);
  if (!schema || depth > 4) return fc.constant(null);
  const example = exampleOf(schema, {
    now: () => Date.UTC(2026, 11, 1),
    id: () => '00000000-0000-4000-8000-000000000000',
  });
  if (schema.type === 'object' || schema.properties) {
    const entries = Object.entries((schema.properties ?? {}) as Record<string, SchemaObject>);
    const required = new Set<string>(schema.required ?? []);
    // Optional fields only now and then: each is one more way for an otherwise valid order to be refused.
    const fields = entries.map(([key, property]) => {
      const value = valid(property, key, depth + 1);
      return required.has(key)
        ? value.map((v) => [key, v] as const)
        : fc.oneof(
            { weight: 5, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: value.map((v) => [key, v] as const) },
          );
    });
    return fc
      .tuple(...fields)
      .map((pairs) => Object.fromEntries(pairs.filter((pair) => pair !== undefined)) as { [key: string]: Value });
  }
  if (schema.type === 'array') return fc.array(valid(schema.items, name, depth + 1), { minLength: 1, maxLength: 4 });
  if (schema.type === 'integer' || schema.type === 'number') {
    const bounds = [schema.minimum, schema.maximum].filter((b): b is number => typeof b === 'number');
    return bounds.length ? fc.constantFrom(...bounds) : fc.constant(example as number);
  }
  return fc.constant(example as Value);
}

/** Breaks a valid value: a field of the wrong type, a missing field, an unknown field, a value beyond a bound. */
function mutate(value: Value): fc.Arbitrary<Value> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || '$ref' in value) return jsonish;
  const keys = Object.keys(value);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...(keys.length ? keys : ['x'])), jsonish).map(([key, bad]) => ({ ...value, [key]: bad })),
    fc.constantFrom(...(keys.length ? keys : ['x'])).map((key) => {
      const { [key]: _, ...rest } = value;
      return rest;
    }),
    fc.tuple(nastyString, jsonish).map(([key, bad]) => ({ ...value, [key]: bad })),
  );
}

const MALFORMED_JSON = ['{', '{"ticker":', '[1,]', 'nul', '"', '{"a":1}}', '\u0000', '{"count":"1",}', '1e400'];

function bodyFor(schema: SchemaObject): fc.Arbitrary<NonNullable<FuzzRequest['body']>> {
  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/json; charset=utf-8', 'multipart/form-data'),
    },
  );
  const good = valid(schema, '');
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ json: good, contentType }) },
    { weight: 3, arbitrary: fc.record({ json: good.chain(mutate), contentType }) },
    { weight: 1, arbitrary: fc.record({ text: fc.constantFrom(...MALFORMED_JSON), contentType }) },
    { weight: 1, arbitrary: fc.record({ json: jsonish, contentType }) },
    {
      // Duplicate keys: Go (and JSON.parse) keep the last; either the valid or the broken value comes last.
      weight: 1,
      arbitrary: fc.record({
        json: good,
        edit: fc.record({ kind: fc.constant('duplicate' as const), value: jsonish, last: fc.boolean() }),
        contentType: fc.constant('application/json'),
      }),
    },
    {
      // Integers written the ways Go refuses (`1e2`, `1.0`) or that overflow.
      weight: 1,
      arbitrary: fc.record({
        json: good,
        edit: fc.record({
          kind: fc.constant('lexeme' as const),
          number: fc.constantFrom('1e2', '1.0', '-0', '1e400', '99999999999999999999'),
        }),
        contentType: fc.constant('application/json'),
      }),
    },
  );
}

/** Percent-encodes any string, lone surrogates included (as U+FFFD, since they have no UTF-8 form). */
const encode = (s: string) =>
  encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

const PATH_GARBAGE = fc.oneof(
  nastyString.map(encode),
  fc.constantFrom('%ZZ', '%', '%E0%A4%A', '..', '%2F', 'x'.repeat(300), '%00'),
);

function pathOf(op: OperationInfo): fc.Arbitrary<(string | Ref)[]> {
  const parts = op.path.split('/').slice(1);
  return fc.tuple(
    ...parts.map((part): fc.Arbitrary<string | Ref> => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (!name) return fc.constant(part);
      const real = realValue(name) as fc.Arbitrary<string | Ref> | undefined;
      return fc.oneof({ weight: 5, arbitrary: real ?? fc.constant('example') }, { weight: 1, arbitrary: PATH_GARBAGE });
    }),
  );
}

const QUERY_GARBAGE = fc.oneof(
  nastyString.map(encode),
  fc.constantFrom('0x10', '1e2', '%201%20', 'Infinity', '-1', '99999999999999999999', '%ZZ', '1.5', 'true', ''),
);

function queryOf(op: OperationInfo): fc.Arbitrary<(readonly [string, string | Ref])[]> {
  const params = parametersOf(op).filter((p) => p.in === 'query');
  if (!params.length) return fc.constant([]);
  const required = params.filter((p) => p.required);
  const optional = params.filter((p) => !p.required);
  return fc.subarray(optional, { maxLength: Math.min(4, optional.length) }).chain((chosen) =>
    fc.tuple(
      ...[...required, ...chosen].map((param) => {
        const schema = resolveRef<SchemaObject>(param.schema ?? {});
        const real = realValue(param.name) as fc.Arbitrary<Value> | undefined;
        const typed: fc.Arbitrary<Value> =
          real ??
          (Array.isArray(schema.enum)
            ? fc.constantFrom(...(schema.enum as string[]).map(String))
            : schema.type === 'integer'
              ? fc
                  .constantFrom(
                    schema.minimum ?? 0,
                    schema.maximum ?? 100,
                    (schema.maximum ?? 1000) + 1,
                    (schema.minimum ?? 0) - 1,
                  )
                  .map(String)
              : schema.type === 'boolean'
                ? fc.constantFrom('true', 'false')
                : fc.constant('example'));
        return fc
          .oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: QUERY_GARBAGE })
          .map((value) => [param.name, isRef(value) ? value : String(value)] as const);
      }),
    ),
  );
}

const AUTH = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Auth>('valid') },
  { weight: 1, arbitrary: fc.constantFrom<Auth>('none', 'bad-signature', 'stale', 'unknown-key', 'garbage-timestamp') },
);

const METHOD = (op: OperationInfo) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constant(op.method.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND') },
  );

function requestFor(op: OperationInfo): fc.Arbitrary<FuzzRequest> {
  const schema = requestBodySchema(op);
  return fc.record({
    operationId: fc.constant(op.operationId),
    method: METHOD(op),
    path: pathOf(op),
    query: queryOf(op),
    body: schema ? bodyFor(schema) : fc.constant(undefined),
    auth: AUTH,
  });
}

const ORDER_WRITES = new Set([
  'CreateOrderV2',
  'AmendOrderV2',
  'DecreaseOrderV2',
  'CancelOrderV2',
  'BatchCreateOrdersV2',
  'BatchCancelOrdersV2',
  'GetOrder',
  'GetOrders',
]);

/** Any operation, order writes weighted up so that orders rest, fill, amend and cancel. */
export const anyRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(...modelled.map(requestFor)) },
  { weight: 4, arbitrary: fc.oneof(...allOperations.filter((op) => ORDER_WRITES.has(op.operationId)).map(requestFor)) },
  {
    weight: 3,
    arbitrary: fc.oneof(...allOperations.filter((op) => op.operationId === 'CreateOrderV2').map(requestFor)),
  },
);

/** A pause starting or ending between requests (`exchange.pause`, `exchange.resume`; notes §5.16). */
export interface PauseStep {
  readonly pause: 'trading' | 'exchange' | 'resume';
}

export type FuzzStep = FuzzRequest | PauseStep;

export const isPauseStep = (step: FuzzStep): step is PauseStep => 'pause' in step;

/** Any request, and now and then a pause starting or ending, so that every operation also meets both pauses. */
export const anyStep: fc.Arbitrary<FuzzStep> = fc.oneof(
  { weight: 12, arbitrary: anyRequest },
  {
    weight: 1,
    arbitrary: fc.constantFrom<PauseStep>({ pause: 'trading' }, { pause: 'exchange' }, { pause: 'resume' }),
  },
);

/** A write to any operation the mock models (every method but GET), for the exchange-pause property. */
export const anyWrite: fc.Arbitrary<FuzzRequest> = fc.oneof(
  ...modelled.filter((op) => op.method !== 'get').map(requestFor),
);

// Validation of the control API's input against its own OpenAPI document (control-api.json, shipped with the
// package): the same ajv checks the exchange applies to its API, with messages that name the field.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import controlApi from '../../control-api.json';
import { type Channel, type Command, channels } from '../generated/asyncapi';
import { allOperations } from '../schema/spec';
import { STALE_READ_OPERATIONS } from './stale-read';

/**
 * Input the control API (`POST /_mock/…`), `faults.add` or an exchange control method (`setBalance`,
 * `setMarketStatus`, `determineMarket`, …) refuses. `field` names what was wrong (`operation`, `stream`, `kind`,
 * `[1].ms` for the second fault of a batch, `ticker`, `cash`, `body` for the body as a whole); the message is
 * `${field}: ${what was wrong}`, as the client's KalshiValidationError. `status` is what the control route answers:
 * 404 when the field names nothing that exists (an unknown ticker), 409 when the state refuses it (a market already
 * determined), 400 otherwise.
 */
export class ControlInputError extends TypeError {
  /** Always `'ControlInputError'`. */
  override name = 'ControlInputError';
  /**
   * `field`: what was wrong (`stream`, `user`, …); `status`: the control route's answer; `code`: why, to branch on
   * (`invalid_input`; `kalshi.inspect`'s `account_not_found`, `subaccount_not_found`).
   */
  constructor(
    /** What was wrong (`stream`, `user`, …). */
    readonly field: string,
    message: string,
    /** The control route's answer: 404 for what does not exist, 409 for what the state refuses, else 400. */
    readonly status: 400 | 404 | 409 = 400,
    /** Why, to branch on: `invalid_input`, or `kalshi.inspect`'s `account_not_found`, `subaccount_not_found`. */
    readonly code = 'invalid_input',
  ) {
    super(`${field}: ${message}`);
  }
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function validator(name: string): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    // OpenAPI keywords (`openapi`, `paths`, `description`) are not JSON Schema: not strict.
    ajv ??= new Ajv({ strict: false, discriminator: true, allErrors: false }).addSchema(controlApi, 'control');
    validate = ajv.compile({ $ref: `control#/components/schemas/${name}` });
    validators.set(name, validate);
  }
  return validate;
}

const OPERATIONS = new Set(allOperations.flatMap((op) => [op.operationId, `${op.method.toUpperCase()} ${op.path}`]));

/** The commands a client sends (the AsyncAPI spec's `cmd` values: the type check keeps this list complete). */
const COMMAND_NAMES = {
  subscribe: true,
  unsubscribe: true,
  update_subscription: true,
  list_subscriptions: true,
} as const satisfies Record<Command['cmd'], true>;

/** What a stream fault's `stream` and a command fault's `command` may name (control-api.json's enums). */
const NAMES = {
  stream: { names: new Set<string>([...channels, '*'] satisfies (Channel | '*')[]), what: 'a channel' },
  command: { names: new Set<string>([...Object.keys(COMMAND_NAMES), '*']), what: 'a command' },
} as const;

/** Throws ControlInputError unless `value` is a Fault of the control API naming a real operation, channel or command. */
export function assertFault(value: unknown, at = ''): void {
  assertTargetFits(value, at);
  assertKnownFields(value, at);
  // A misspelt channel or command before the schema (whose enum would only say "one of"): the nearest name.
  for (const [field, { names, what }] of Object.entries(NAMES)) {
    const name = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
    if (typeof name === 'string' && !names.has(name))
      throw new ControlInputError(
        `${at}${field}`,
        `"${name.slice(0, 80)}" is not ${what} of the API or *${suggestion(name, names)}`,
      );
  }
  const validate = validator('Fault');
  if (!validate(value)) throw describe(validate.errors?.[0], at);
  const { operation, kind } = value as { operation?: string; kind: string };
  if (operation !== undefined && !OPERATIONS.has(operation))
    throw new ControlInputError(
      `${at}operation`,
      `"${operation.slice(0, 80)}" is not an operationId or METHOD /path-template of the API${suggestion(operation, OPERATIONS)}`,
    );
  if (kind === 'stale-read' && operation !== undefined && !isStaleReadOperation(operation))
    throw new ControlInputError(`${at}operation`, 'a stale-read fault applies to GetOrder or GetOrders only');
}

/** What a fault can be aimed at; each kind's schema in control-api.json takes some of them. */
const TARGETS = ['operation', 'stream', 'command', 'orderId'] as const;

/** The fields each fault kind takes, read from the control API's Fault schemas (`latency`: operation, kind, ms, …). */
const FIELDS_OF: ReadonlyMap<string, readonly string[]> = new Map(
  controlApi.components.schemas.Fault.oneOf.map(({ $ref }) => {
    const schemas = controlApi.components.schemas as Record<string, unknown>;
    const { properties } = schemas[$ref.split('/').pop() as string] as { properties: Record<string, unknown> };
    const kind = (properties.kind as { enum: string[] }).enum[0] as string;
    return [kind, Object.keys(properties)];
  }),
);

/** The targets each fault kind takes (`stale-read`: operation, orderId). */
const TARGETS_OF: ReadonlyMap<string, readonly string[]> = new Map(
  [...FIELDS_OF].map(([kind, fields]) => [kind, TARGETS.filter((target) => fields.includes(target))]),
);

const withArticle = (target: string) => `${/^[aeiou]/.test(target) ? 'an' : 'a'} ${target}`;

/** A known kind given a target it does not take (`latency` with a `stream`): name both, and what the kind takes. */
function assertTargetFits(value: unknown, at: string): void {
  if (typeof value !== 'object' || value === null) return;
  const fault = value as Record<string, unknown>;
  const takes = typeof fault.kind === 'string' ? TARGETS_OF.get(fault.kind) : undefined;
  const given = TARGETS.find((target) => fault[target] !== undefined && !takes?.includes(target));
  if (!takes || !given) return;
  throw new ControlInputError(
    `${at}${given}`,
    `a "${fault.kind}" fault takes ${takes.map(withArticle).join(' or ')}, not ${withArticle(given)}: the kind and ` +
      `the target do not fit (REST kinds take an operation, stream kinds a stream, command kinds a command)`,
  );
}

/**
 * A known kind given a key it does not take, named before the schema runs: its first complaint would be the missing
 * target (`{ kind: 'status', status: 500, path }` read "operation: is required", never naming `path`).
 */
function assertKnownFields(value: unknown, at: string): void {
  if (typeof value !== 'object' || value === null) return;
  const fault = value as Record<string, unknown>;
  const fields = typeof fault.kind === 'string' ? FIELDS_OF.get(fault.kind) : undefined;
  const unknown = fields && Object.keys(fault).find((key) => !fields.includes(key));
  if (!fields || unknown === undefined) return;
  throw new ControlInputError(
    `${at}${unknown.slice(0, 80)}`,
    `is not a field of a "${fault.kind}" fault (fields: ${fields.join(', ')})${suggestion(unknown, new Set(fields))}`,
  );
}

/**
 * `; did you mean "CreateOrderV2"?` for a near miss (at most a third of the name's characters off) or the start of
 * one name only (`orderbook` for `orderbook_delta`), else nothing.
 */
export function suggestion(given: string, names: ReadonlySet<string>): string {
  const name = given.slice(0, 200);
  const near = closest(name, [...names]);
  if (distance(name, near) <= Math.max(1, Math.ceil(name.length / 3))) return `; did you mean "${near}"?`;
  const longer = name.length >= 3 ? [...names].filter((n) => n.startsWith(name)) : [];
  return longer.length === 1 ? `; did you mean "${longer[0]}"?` : '';
}

/** A POST /_mock/faults body: one fault or an array of them (at most 100); all are checked before any is added. */
export function assertFaults(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) {
    if (value.length > 100) throw new ControlInputError('body', 'at most 100 faults at once');
    for (const [i, fault] of value.entries()) assertFault(fault, `[${i}].`);
    return value;
  }
  assertFault(value);
  return [value];
}

/** A POST /_mock/markets/determine body. */
export function assertDetermineMarket(value: unknown): {
  ticker: string;
  result: 'yes' | 'no' | 'scalar';
  settleAfterMs?: number;
  settlementValueDollars?: string;
} {
  const validate = validator('DetermineMarketRequest');
  if (!validate(value))
    throw describe(validate.errors?.[0], '', bodyOf('POST /_mock/markets/determine', 'DetermineMarketRequest'));
  return value as {
    ticker: string;
    result: 'yes' | 'no' | 'scalar';
    settleAfterMs?: number;
    settlementValueDollars?: string;
  };
}

/** A POST /_mock/time body. */
export function assertAdvanceTime(value: unknown): { advanceMs?: number } {
  const validate = validator('AdvanceTimeRequest');
  if (!validate(value)) throw describe(validate.errors?.[0], '', bodyOf('POST /_mock/time', 'AdvanceTimeRequest'));
  return value as { advanceMs?: number };
}

/** A POST /_mock/pause body. */
export function assertPause(value: unknown): { kind: 'trading' | 'exchange'; resumeAt?: number } {
  const validate = validator('PauseRequest');
  if (!validate(value)) throw describe(validate.errors?.[0], '', bodyOf('POST /_mock/pause', 'PauseRequest'));
  return value as { kind: 'trading' | 'exchange'; resumeAt?: number };
}

/** A POST /_mock/users body. */
export function assertAddUser(value: unknown): { balanceDollars?: number } {
  const validate = validator('AddUserRequest');
  if (!validate(value)) throw describe(validate.errors?.[0], '', bodyOf('POST /_mock/users', 'AddUserRequest'));
  return value as { balanceDollars?: number };
}

/** A control route's body, for "x: is not a field of …": the route and the fields its schema takes. */
function bodyOf(route: string, schema: string): string {
  const schemas = controlApi.components.schemas as Record<string, { properties?: object }>;
  return `the ${route} body (fields: ${Object.keys(schemas[schema]?.properties ?? {}).join(', ')})`;
}

/** The error for a schema error; `subject` is what an unknown field is not a field of: a fault, or a route's body. */
function describe(error: ErrorObject | undefined, at: string, subject = 'this fault'): ControlInputError {
  if (!error) return new ControlInputError(at ? at.slice(0, -1) : 'body', 'is invalid');
  const path = `${at}${error.instancePath.slice(1).replace(/\//g, '.')}`;
  const within = path && !path.endsWith('.') ? `${path}.` : path;
  if (error.keyword === 'discriminator')
    return new ControlInputError(
      `${at}kind`,
      'must be one of latency, status, network-error, commit-then-drop, drop, skip-seq, delay, error, stale-read',
    );
  if (error.keyword === 'additionalProperties')
    return new ControlInputError(`${within}${String(error.params.additionalProperty)}`, `is not a field of ${subject}`);
  if (error.keyword === 'required')
    return new ControlInputError(`${within}${String(error.params.missingProperty)}`, 'is required');
  return new ControlInputError(path && !path.endsWith('.') ? path : `${path}body`, error.message ?? 'is invalid');
}

function isStaleReadOperation(operation: string): boolean {
  const op = allOperations.find(
    (o) => o.operationId === operation || `${o.method.toUpperCase()} ${o.path}` === operation,
  );
  return op !== undefined && STALE_READ_OPERATIONS.has(op.operationId);
}

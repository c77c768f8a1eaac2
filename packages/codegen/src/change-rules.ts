import { kindOf } from './arguments';
import { CodegenError } from './errors';
// Every rule the spec classifiers apply, with its severity for a typed client's users. A change inside a request
// (what the user sends) breaks when it narrows what is accepted; inside a response (what the user reads) it breaks
// when it widens what may arrive or removes what was promised.

/** How a spec change affects existing users: `breaking`, `potentially-breaking` or `safe`. */
export type Severity = 'breaking' | 'potentially-breaking' | 'safe';
export type Direction = 'request' | 'response';

type Sides = readonly [request: Severity, response: Severity];
const B = 'breaking';
const P = 'potentially-breaking';
const S = 'safe';

/** Rule id → [severity inside a request, severity inside a response]; rules outside schemas use the first. */
export const RULES = {
  // Operations (REST) and their security and servers.
  /** An operation (METHOD and path) is gone. */
  'operation-removed': [B, B],
  /** A new operation. */
  'operation-added': [S, S],
  /** Same METHOD and path, another operationId: the client calls operations by id. */
  'operation-id-changed': [B, B],
  /** The operation is now marked deprecated. */
  'operation-deprecated': [S, S],
  /** The operation is no longer marked deprecated. */
  'operation-undeprecated': [S, S],
  /** The operation now requires more authentication than before. */
  'security-required': [B, B],
  /** The operation now takes less authentication than before (or fewer schemes in a requirement). */
  'security-relaxed': [S, S],
  /** A requirement existing credentials satisfied is gone (a scheme added to it, or replaced): they are refused. */
  'security-lockout': [B, B],
  /** A new alternative requirement (OR): every request accepted before still is. */
  'security-alternative-added': [S, S],
  /** A security scheme of `components.securitySchemes` is gone. */
  'security-scheme-removed': [B, B],
  /** A new security scheme. */
  'security-scheme-added': [S, S],
  /** A security scheme's header name, type or location changed. */
  'security-scheme-changed': [P, P],
  /** A server URL is gone. */
  'server-removed': [P, P],
  /** A new server URL. */
  'server-added': [S, S],
  /** The first (default) production or demo server URL changed. */
  'server-default-changed': [P, P],
  // Parameters (path, query, header, cookie).
  /** A parameter is gone. */
  'parameter-removed': [B, B],
  /** A new optional parameter. */
  'parameter-added': [S, S],
  /** A new required parameter. */
  'parameter-added-required': [B, B],
  /** An optional parameter is now required. */
  'parameter-made-required': [B, B],
  /** A required parameter is now optional. */
  'parameter-made-optional': [S, S],
  /** A parameter's `style` or `explode` changed (how it is serialised). */
  'parameter-style-changed': [P, P],
  /** A parameter is now marked deprecated. */
  'parameter-deprecated': [S, S],
  // Request bodies and responses.
  /** The request body is now required. */
  'request-body-made-required': [B, B],
  /** The request body is now optional: every call that sent a body still may. */
  'request-body-made-optional': [S, S],
  /** The operation now takes a request body. */
  'request-body-added': [S, S],
  /** A success response status is gone. */
  'response-status-removed': [B, B],
  /** A new success response status. */
  'response-status-added': [P, P],
  /**
   * A documented error status (4xx, 5xx, `4XX`, `default`) dropped: code that matched on it still compiles, but that
   * branch is dead (the status may still arrive, now untyped, or the server stopped sending it): check it by hand.
   */
  'error-status-removed': [P, P],
  /**
   * A new documented error status (a `409`, `429`, `5XX`, `default`). The call's success types (its `data`) do not
   * change: not breaking. But the server may now answer it, and the caller's error handling for it (a retry, a 409
   * read as "already placed") may now matter: check it by hand. Reference: oasdiff's
   * `response-non-success-status-added` is INFO (non-breaking, our `safe`); this follows its
   * `response-non-success-status-removed` instead (ERR in older oasdiff, now INFO and an optional check), as our
   * `error-status-removed` does, so a `--fail-on potentially-breaking` gate still stops on it as it did when it was an
   * unrecognized change.
   */
  'error-status-added': [P, P],
  /** A schema appears where there was none (e.g. a new body or field schema). */
  'schema-added': [B, S],
  /** A schema is gone where there was one. */
  'schema-removed': [B, B],
  // Schemas, in both directions.
  /** The `type` changed (other than integer ↔ number). */
  'type-changed': [B, B],
  /** `integer` became `number`: non-integers are valid now. */
  'type-integer-to-number': [S, P],
  /** `number` became `integer`: only integers are valid now. */
  'type-number-to-integer': [P, S],
  /** The `format` changed (e.g. `date-time`, `uuid`). */
  'format-changed': [P, P],
  /** The `type` is gone: any value is valid (TypeScript `unknown`). */
  'type-removed': [S, B],
  /** A `type` now restricts what was any value. */
  'type-added': [B, S],
  /** A bound, pattern, multipleOf or uniqueItems now allows fewer values. */
  'constraint-tightened': [B, S],
  /** A bound, pattern, multipleOf or uniqueItems now allows more values. */
  'constraint-loosened': [S, P],
  /** A constraint changed in a way neither tighter nor looser (e.g. another pattern). */
  'constraint-changed': [B, P],
  /** Enum values removed. In a response too: typed code comparing with a removed value stops compiling (TS2678 / TS2367). */
  'enum-narrowed': [B, B],
  /** Enum values added to an enum. */
  'enum-widened': [S, P],
  /** An `enum` now restricts a value that was free. */
  'enum-added': [B, S],
  /** The `enum` is gone: the value is free. */
  'enum-removed': [S, B],
  /** The value may now be null. */
  'nullable-added': [S, B],
  /** The value may no longer be null. */
  'nullable-removed': [B, S],
  /** An object property is gone. */
  'property-removed': [B, B],
  /** A new optional property. */
  'property-added': [S, S],
  /** A new required property. */
  'required-property-added': [B, S],
  /** An optional property is now required. */
  'property-made-required': [B, S],
  /** A required property is now optional. */
  'property-made-optional': [S, B],
  /** A property is now marked deprecated. */
  'property-deprecated': [S, S],
  /** A variant of a oneOf/anyOf (or a type of an OAS 3.1 type array) is gone. */
  'variant-removed': [B, S],
  /** A new variant of a oneOf/anyOf (or a new type in an OAS 3.1 type array). */
  'variant-added': [S, B],
  /** The composition keyword changed (e.g. oneOf to anyOf). */
  'composition-changed': [P, P],
  /** The value now uses another `$ref` schema. */
  'ref-changed': [P, P],
  /** A change no other rule covers, reported at its JSON pointer. */
  'unrecognized-change': [P, P],
  /** `additionalProperties` no longer allows other properties. */
  'additional-properties-removed': [B, S],
  /** `additionalProperties` now allows other properties. */
  'additional-properties-allowed': [S, P],
  // `components` is exported with the generated types (`components['schemas']['Order']`): a name removed stops
  // compiling in code that uses it. Schemas no operation reaches are compared on their own with the schema rules.
  /** A component (`components['schemas']['Order']`, or another kind) is gone. */
  'component-removed': [B, B],
  /** A new component. */
  'component-added': [S, S],
  // AsyncAPI (WebSocket): channels, commands the client sends, message types the server sends.
  /** An AsyncAPI channel is gone. */
  'channel-removed': [B, B],
  /** A new AsyncAPI channel. */
  'channel-added': [S, S],
  /** A command the client sends is gone. */
  'command-removed': [B, B],
  /** A new command the client may send. */
  'command-added': [S, S],
  /** A message type the server sends is gone. */
  'message-type-removed': [B, B],
  /** A new message type the server may send. */
  'message-type-added': [P, P],
  /** A channel's address changed: the client subscribes by the channel's name (the generated `channels`), so at another address it is refused. */
  'channel-address-changed': [B, B],
  /** A message's content type changed: the client reads and writes JSON frames. */
  'content-type-changed': [B, B],
  /** An AsyncAPI `x-error-codes` code is gone (generated as `errorCodes` / `ErrorCode`): it narrows the key type. */
  'error-code-removed': [B, B],
  /** An `x-error-codes` code was renamed. */
  'error-code-changed': [P, P],
  /** A new `x-error-codes` code. */
  'error-code-added': [S, S],
} as const satisfies Record<string, Sides>;

/** The id of a change rule (see `change-rules.ts`), e.g. `request-parameter-removed`. */
export type RuleId = keyof typeof RULES;

/** The severity of a rule for a change on the request or the response side. */
export function severityOf(rule: RuleId, direction: Direction = 'request'): Severity {
  // An unknown rule crashed inside ("reading '0'"); any direction but 'request' was read as 'response'.
  if (typeof rule !== 'string' || !Object.hasOwn(RULES, rule))
    throw new CodegenError(
      'bad_arguments',
      `severityOf: rule: ${typeof rule === 'string' ? `"${rule.slice(0, 64)}" is not a change rule` : `expected a rule id, got ${kindOf(rule)}`} (the rules are RULES' keys, e.g. request-parameter-removed)`,
    );
  const given: unknown = direction;
  if (given !== 'request' && given !== 'response')
    throw new CodegenError(
      'bad_arguments',
      `severityOf: direction: expected 'request' or 'response', got ${typeof given === 'string' ? `"${given.slice(0, 64)}"` : kindOf(given)}`,
    );
  return RULES[rule][direction === 'request' ? 0 : 1];
}

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
  'operation-removed': [B, B],
  'operation-added': [S, S],
  'operation-id-changed': [B, B],
  'operation-deprecated': [S, S],
  'operation-undeprecated': [S, S],
  'security-required': [B, B],
  'security-relaxed': [S, S],
  // A requirement existing credentials satisfied is gone (a scheme added to it, or replaced): they are refused.
  'security-lockout': [B, B],
  // A new alternative requirement (OR): every request accepted before still is.
  'security-alternative-added': [S, S],
  'security-scheme-removed': [B, B],
  'security-scheme-added': [S, S],
  'security-scheme-changed': [P, P],
  'server-removed': [P, P],
  'server-added': [S, S],
  'server-default-changed': [P, P],
  // Parameters (path, query, header, cookie).
  'parameter-removed': [B, B],
  'parameter-added': [S, S],
  'parameter-added-required': [B, B],
  'parameter-made-required': [B, B],
  'parameter-made-optional': [S, S],
  'parameter-style-changed': [P, P],
  'parameter-deprecated': [S, S],
  // Request bodies and responses.
  'request-body-made-required': [B, B],
  // Every call that sent a body still may.
  'request-body-made-optional': [S, S],
  'request-body-added': [S, S],
  'response-status-removed': [B, B],
  'response-status-added': [P, P],
  // A documented error status (4xx, 5xx, `4XX`, `default`) dropped: code that matched on it still compiles, but that
  // branch is dead (the status may still arrive, now untyped, or the server stopped sending it): check it by hand.
  'error-status-removed': [P, P],
  'schema-added': [B, S],
  'schema-removed': [B, B],
  // Schemas, in both directions.
  'type-changed': [B, B],
  'type-integer-to-number': [S, P],
  'type-number-to-integer': [P, S],
  'format-changed': [P, P],
  'type-removed': [S, B],
  'type-added': [B, S],
  'constraint-tightened': [B, S],
  'constraint-loosened': [S, P],
  'constraint-changed': [B, P],
  // In a response too: typed code comparing with a removed value stops compiling (TS2678 / TS2367).
  'enum-narrowed': [B, B],
  'enum-widened': [S, P],
  'enum-added': [B, S],
  'enum-removed': [S, B],
  'nullable-added': [S, B],
  'nullable-removed': [B, S],
  'property-removed': [B, B],
  'property-added': [S, S],
  'required-property-added': [B, S],
  'property-made-required': [B, S],
  'property-made-optional': [S, B],
  'property-deprecated': [S, S],
  'variant-removed': [B, S],
  'variant-added': [S, B],
  'composition-changed': [P, P],
  'ref-changed': [P, P],
  'unrecognized-change': [P, P],
  'additional-properties-removed': [B, S],
  'additional-properties-allowed': [S, P],
  // `components` is exported with the generated types (`components['schemas']['Order']`): a name removed stops
  // compiling in code that uses it. Schemas no operation reaches are compared on their own with the schema rules.
  'component-removed': [B, B],
  'component-added': [S, S],
  // AsyncAPI (WebSocket): channels, commands the client sends, message types the server sends.
  'channel-removed': [B, B],
  'channel-added': [S, S],
  'command-removed': [B, B],
  'command-added': [S, S],
  'message-type-removed': [B, B],
  'message-type-added': [P, P],
  // The client subscribes by the channel's name (the generated `channels`): at another address it is refused.
  'channel-address-changed': [B, B],
  // The client reads and writes JSON frames.
  'content-type-changed': [B, B],
  // AsyncAPI `x-error-codes` (generated as `errorCodes` / `ErrorCode`): a code removed narrows the key type.
  'error-code-removed': [B, B],
  'error-code-changed': [P, P],
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

// Classifies every change between two OpenAPI documents for a typed client's users. Operations are matched by
// METHOD + path (an operationId change is its own change); for each pair the walk covers parameters, the request
// body, every response, security, servers and deprecation, and lists whatever else changed (operation-leftovers.ts);
// then the document's servers and security schemes, and the exported `components` (classify-components.ts). Each
// change carries a rule id and severity from change-rules.ts and a message for the changelog.
import { type Direction, type RuleId, type Severity, severityOf } from './change-rules';
import { compareComponents } from './classify-components';
import { compareSecuritySchemes } from './compare-security-schemes';
import { compareDocumentServers, compareOperationServers } from './compare-servers';
import { describeDifference, differences } from './differences';
import { isErrorStatus, operationLeftovers } from './operation-leftovers';
import { effectiveSecurity, listOperations, type SpecOperation } from './operations';
import { deref, reachableRefs } from './refs';
import { compareSchema, type Emit, twinOf } from './schema-diff';
import { assertSchemaKeywords } from './validate-spec';
import { visible } from './visible';

export type { RuleId, Severity } from './change-rules';

/** One classified change between two specs. */
export interface SpecChange {
  /** The rule that classified it (a key of `RULES`). */
  readonly rule: RuleId;
  /** How it affects existing users. */
  readonly severity: Severity;
  /** `severity === 'breaking'`. */
  readonly breaking: boolean;
  /**
   * `METHOD /path` of the operation, `channel name` / `message name` (AsyncAPI), a component's pointer
   * (`#/components/schemas/Order`), or `*` for the whole document.
   */
  readonly operation: string;
  /** The operation's operationId; empty for a change outside operations (a component, channel or message). */
  readonly operationId: string;
  /**
   * Where inside the operation, e.g. `request body .count` or `response 200 .order.status`; for a change no rule
   * covers, the JSON pointer of what changed in the spec file (in the old spec when it was removed).
   */
  readonly location: string;
  /** The change in words. */
  readonly message: string;
}

type Doc = Record<string, unknown>;
type Schema = Record<string, unknown>;

export function change(
  rule: RuleId,
  direction: Direction,
  at: { operation: string; operationId: string; location: string },
  message: string,
): SpecChange {
  const severity = severityOf(rule, direction);
  return { rule, severity, breaking: severity === 'breaking', ...at, message };
}

/** Classifies every change between two OpenAPI specs, each with a rule id and a severity. */
export function classifyChanges(before: Doc, after: Doc): SpecChange[] {
  // A library caller may skip the loader's checks: a keyword of the wrong kind crashed the walkers with a TypeError.
  assertSchemaKeywords(before, '<before>');
  assertSchemaKeywords(after, '<after>');
  const changes: SpecChange[] = [];
  const key = (op: SpecOperation) => `${op.method.toUpperCase()} ${op.path}`;
  const oldOps = new Map(listOperations(before).map((op) => [key(op), op]));
  const newOps = new Map(listOperations(after).map((op) => [key(op), op]));
  const added = [...newOps].filter(([name]) => !oldOps.has(name));

  for (const [name, op] of oldOps) {
    if (newOps.has(name)) continue;
    const successor = added.find(([, a]) => isSuccessor(op.operationId, a.operationId));
    const instead = successor ? `: use \`${successor[0]}\` (${successor[1].operationId})` : '';
    changes.push(change('operation-removed', 'request', at(name, op.operationId), `operation removed${instead}`));
  }
  const kept: [SpecOperation, SpecOperation][] = [];
  for (const [name, op] of newOps) {
    const old = oldOps.get(name);
    if (!old) {
      changes.push(change('operation-added', 'request', at(name, op.operationId), 'operation added'));
      continue;
    }
    kept.push([old, op]);
    const emit: Emit = (rule, dir, location, message) =>
      changes.push(change(rule, dir, at(name, op.operationId, location), message));
    if (old.operationId !== op.operationId)
      emit('operation-id-changed', 'request', '', `operationId renamed from ${old.operationId} to ${op.operationId}`);
    compareOperation(before, after, old, op, emit);
    // Whatever no rule reads is still listed, each difference at its pointer: an operation never changes unreported.
    for (const difference of operationLeftovers(before, after, old, op))
      emit('unrecognized-change', 'request', difference.pointer, describeDifference(difference));
  }
  const documentEmit: Emit = (rule, dir, location, message) =>
    changes.push(change(rule, dir, at('*', '', location), message));
  compareDocumentServers(before, after, documentEmit);
  compareSecuritySchemes(before, after, documentEmit);
  compareDocumentLeftovers(before, after, documentEmit);
  // A schema an operation kept in both specs uses is reported through it; the exported `components` cover the rest.
  const [oldKept, newKept] = [kept.map((pair) => pair[0]), kept.map((pair) => pair[1])];
  const reach = {
    kept: [refsUsedBy(before, oldKept), refsUsedBy(after, newKept)] as const,
    anyNew: refsUsedBy(after, [...newOps.values()]),
  };
  compareComponents(before, after, reach, (c) => changes.push(c));
  return changes;
}

/** The refs the operations' types are made of (each operation and its path item's parameters). */
function refsUsedBy(doc: Doc, ops: readonly SpecOperation[]): Set<string> {
  const paths = (doc.paths ?? {}) as Record<string, Schema | undefined>;
  return reachableRefs(
    doc,
    ops.flatMap((op) => [op.operation, paths[op.path]?.parameters]),
  );
}

/** Top-level keys no rule reads (a vendor extension, `webhooks`, the `openapi` version): listed at their pointer. */
function compareDocumentLeftovers(before: Doc, after: Doc, emit: Emit): void {
  const ruled = new Set(['info', 'paths', 'components', 'servers', 'security', 'tags']);
  const [old, now] = [
    { node: before, pointer: '' },
    { node: after, pointer: '' },
  ];
  for (const difference of differences(before, after, old, now, { ruled: ([key = '']) => ruled.has(key) }))
    emit('unrecognized-change', 'request', difference.pointer, describeDifference(difference));
}

function at(operation: string, operationId: string, location = '') {
  return { operation, operationId, location };
}

/**
 * `CreateOrderV2` succeeds `CreateOrder`, `CreateOrderV3` succeeds `CreateOrderV2`; a moved operation keeps its
 * operationId. Ids are text, not patterns.
 */
export function isSuccessor(removed: string, candidate: string): boolean {
  if (candidate === removed) return true;
  const version = (id: string) => {
    const match = /V(\d+)$/.exec(id);
    return match ? { base: id.slice(0, match.index), n: Number(match[1]) } : { base: id, n: 1 };
  };
  const [was, now] = [version(removed), version(candidate)];
  return (
    (now.base === was.base && now.n > was.n) ||
    (candidate.startsWith(removed) && /^V\d+$/.test(candidate.slice(removed.length)))
  );
}

function compareOperation(before: Doc, after: Doc, old: SpecOperation, op: SpecOperation, emit: Emit): void {
  const ctx = { before, after, emit, seen: new Set<string>() };
  compareParameters(ctx, old, op);
  const [oldBody, newBody] = [
    deref<Schema>(before, old.operation.requestBody),
    deref<Schema>(after, op.operation.requestBody),
  ];
  if (oldBody?.required !== true && newBody?.required === true && oldBody)
    emit('request-body-made-required', 'request', 'request body', 'request body made required');
  if (oldBody?.required === true && newBody && newBody.required !== true)
    emit('request-body-made-optional', 'request', 'request body', 'request body made optional');
  if (!jsonSchema(oldBody) && jsonSchema(newBody) && newBody?.required !== true)
    emit('request-body-added', 'request', 'request body', 'optional request body added');
  else compareSchema(ctx, 'request', 'request body', jsonSchema(oldBody), jsonSchema(newBody));

  // Every documented JSON body is compared (error bodies are typed too). Losing or gaining a success status, with a
  // body or without (a 204), is a change of its own, and so is losing or gaining an error status; any other status
  // coming or going (a 3xx) is listed by operation-leftovers.ts.
  const [oldStatuses, newStatuses] = [statuses(old), statuses(op)];
  const success = (status: string) => /^2\d\d$/.test(status);
  for (const status of oldStatuses) {
    if (!newStatuses.includes(status)) {
      if (success(status))
        emit('response-status-removed', 'response', `response ${status}`, 'success response removed');
      else if (isErrorStatus(status))
        emit(
          'error-status-removed',
          'response',
          `response ${status}`,
          'error response removed (code matching on this status still compiles but may never run)',
        );
      continue;
    }
    compareSchema(
      ctx,
      'response',
      `response ${status}`,
      responseSchema(before, old, status),
      responseSchema(after, op, status),
    );
  }
  for (const status of newStatuses) {
    if (oldStatuses.includes(status)) continue;
    if (success(status)) emit('response-status-added', 'response', `response ${status}`, 'success response added');
    else if (isErrorStatus(status))
      emit(
        'error-status-added',
        'response',
        `response ${status}`,
        'error response added (the server may now answer it: check the error handling for this status)',
      );
  }

  if (!old.operation.deprecated && op.operation.deprecated)
    emit('operation-deprecated', 'request', '', 'operation deprecated');
  if (old.operation.deprecated && !op.operation.deprecated)
    emit('operation-undeprecated', 'request', '', 'no longer deprecated');
  compareSecurity(effectiveSecurity(before, old), effectiveSecurity(after, op), emit);
  compareOperationServers(before, after, old, op, emit);
}

function compareParameters(
  ctx: { before: Doc; after: Doc; emit: Emit; seen: Set<string> },
  old: SpecOperation,
  now: SpecOperation,
): void {
  const id = (p: Schema) => `${String(p.in)} parameter "${String(p.name)}"`;
  const oldParams = new Map(old.parameters.map((p) => [id(p), p]));
  const newParams = new Map(now.parameters.map((p) => [id(p), p]));
  for (const [name, param] of oldParams) {
    if (newParams.has(name)) continue;
    const added = [...newParams.values()].filter((p) => p.in === param.in);
    const twinName = twinOf(
      String(param.name),
      String(param.description ?? ''),
      added.map((p) => String(p.name)),
    );
    const twin = added.find((p) => String(p.name) === twinName);
    ctx.emit('parameter-removed', 'request', name, twin ? `removed: use "${String(twin.name)}"` : 'removed');
  }
  for (const [name, param] of newParams) {
    const previous = oldParams.get(name);
    if (!previous) {
      if (param.required === true) ctx.emit('parameter-added-required', 'request', name, 'added as required');
      else ctx.emit('parameter-added', 'request', name, 'added (optional)');
      continue;
    }
    if (param.required === true && previous.required !== true)
      ctx.emit('parameter-made-required', 'request', name, 'made required');
    if (param.required !== true && previous.required === true)
      ctx.emit('parameter-made-optional', 'request', name, 'made optional');
    if (param.deprecated === true && previous.deprecated !== true)
      ctx.emit('parameter-deprecated', 'request', name, 'deprecated');
    const [was, is] = [serialisation(previous), serialisation(param)];
    for (const key of ['style', 'explode'] as const)
      if (previous[key] !== param[key] && was[key] !== is[key])
        ctx.emit(
          'parameter-style-changed',
          'request',
          name,
          `${key} changed from ${String(previous[key] ?? 'default')} to ${String(param[key] ?? 'default')}`,
        );
    compareSchema(ctx, 'request', name, previous.schema, param.schema);
  }
}

/**
 * How a parameter is serialised: its style and explode, or OAS 3.0.3's defaults for what it leaves out (style form in
 * a query or cookie, else simple; explode true for form, else false), so that a default written out is no change.
 */
function serialisation(param: Schema): { style: unknown; explode: unknown } {
  const style = param.style ?? (param.in === 'query' || param.in === 'cookie' ? 'form' : 'simple');
  return { style, explode: param.explode ?? style === 'form' };
}

/**
 * A `security` list as requirement alternatives, each the sorted scheme names required together; no list (or an
 * empty one) is the one empty requirement: anyone may call.
 */
function requirementsOf(security: unknown): string[][] {
  if (!Array.isArray(security) || security.length === 0) return [[]];
  return security.map((req) => Object.keys(req && typeof req === 'object' ? req : {}).sort());
}

const covers = (now: string[], was: string[]) => now.every((scheme) => was.includes(scheme));
const names = (req: string[]) => `[${req.join(' + ')}]`;

/**
 * Alternatives are OR-ed, the schemes of one requirement AND-ed. Credentials that satisfied an old requirement still
 * work when some new requirement asks for a subset of it; otherwise they are locked out (breaking). A requirement
 * added beside the old ones is an alternative (safe).
 */
function compareSecurity(old: unknown, now: unknown, emit: Emit): void {
  const LEVELS = ['no authentication', 'optional authentication', 'signed requests'];
  const [was, is] = [requirementsOf(old), requirementsOf(now)];
  const level = (reqs: string[][]) => (reqs.some((r) => r.length === 0) ? (reqs.length === 1 ? 0 : 1) : 2);
  const [before, after] = [level(was), level(is)];
  const anonymousNow = after < 2;
  if (before < 2 && !anonymousNow)
    emit('security-required', 'request', 'security', `now requires ${LEVELS[after]} (was ${LEVELS[before]})`);
  else if (before === 2 && anonymousNow)
    emit('security-relaxed', 'request', 'security', `now takes ${LEVELS[after]} (was ${LEVELS[before]})`);
  const key = (req: string[]) => req.join(' ');
  let lockedOut = false;
  if (!anonymousNow)
    for (const req of was.filter((r) => r.length > 0 && !is.some((n) => covers(n, r)))) {
      lockedOut = true;
      const required = is.map(names).join(' or ');
      emit(
        'security-lockout',
        'request',
        'security',
        `requests with ${names(req)} are refused: now requires ${required}`,
      );
    }
  if (lockedOut || (before < 2 && !anonymousNow) || (before === 2 && anonymousNow)) return;
  for (const req of is.filter((r) => r.length > 0 && !was.some((w) => key(w) === key(r)))) {
    const narrowed = was.find((w) => w.length > 0 && covers(req, w));
    if (narrowed) emit('security-relaxed', 'request', 'security', `now takes ${names(req)} (was ${names(narrowed)})`);
    else
      emit(
        'security-alternative-added',
        'request',
        'security',
        `now also accepts ${names(req)} as an alternative${anonymousNow ? ' (anonymous requests are still accepted)' : ''}`,
      );
  }
}

function jsonSchema(holder: Schema | undefined): unknown {
  const content = (holder?.content ?? {}) as Record<string, { schema?: unknown }>;
  return content['application/json']?.schema;
}

/** The documented statuses (`200`, `204`, `404`, `default`). */
function statuses(op: SpecOperation): string[] {
  return Object.keys((op.operation.responses ?? {}) as Schema);
}

function responseSchema(doc: Doc, op: SpecOperation, status: string): unknown {
  return jsonSchema(deref<Schema>(doc, ((op.operation.responses ?? {}) as Schema)[status]));
}

const SEVERITY_TITLES: Record<Severity, string> = {
  breaking: 'Breaking changes',
  'potentially-breaking': 'Potentially breaking changes',
  safe: 'Safe changes',
};

/** Human-readable lines by severity, e.g. "- `POST /portfolio/orders` (CreateOrder): operation removed [operation-removed]". */
export function formatChanges(changes: readonly SpecChange[]): string {
  // Names from the spec, in every part of a line, may hold control characters: shown as escapes.
  const line = (c: SpecChange) =>
    visible(
      `- \`${c.operation}\`${c.operationId ? ` (${c.operationId})` : ''}${c.location ? ` ${c.location}` : ''}: ${c.message} [${c.rule}]`,
    );
  return (['breaking', 'potentially-breaking', 'safe'] as const)
    .map((severity) => {
      const group = changes.filter((c) => c.severity === severity);
      return [`${SEVERITY_TITLES[severity]} (${group.length})`, ...group.map(line)].join('\n');
    })
    .join('\n\n');
}

// Classifies every change between two OpenAPI documents for a typed client's users. Operations are matched by
// METHOD + path (an operationId change is its own change); for each pair the walk covers parameters, the request
// body, the success responses, security and deprecation; then the document's servers and security schemes. Each
// change carries a rule id and severity from change-rules.ts and a message for the changelog.
import { type Direction, type RuleId, type Severity, severityOf } from './change-rules';
import { firstDifference, inlineRefs } from './diff-operations';
import { classifyServers } from './manifest';
import { listOperations, type SpecOperation } from './operations';
import { deref } from './refs';
import { compareSchema, type Emit, twinOf } from './schema-diff';

export type { RuleId, Severity } from './change-rules';

/** One classified change between two specs. */
export interface SpecChange {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** `severity === 'breaking'`. */
  readonly breaking: boolean;
  /** `METHOD /path` of the operation, `channel name` / `message name` (AsyncAPI), or `*` for the whole document. */
  readonly operation: string;
  readonly operationId: string;
  /** Where inside the operation, e.g. `request body .count` or `response 200 .order.status`. */
  readonly location: string;
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
  for (const [name, op] of newOps) {
    const old = oldOps.get(name);
    if (!old) {
      changes.push(change('operation-added', 'request', at(name, op.operationId), 'operation added'));
      continue;
    }
    const emit: Emit = (rule, dir, location, message) =>
      changes.push(change(rule, dir, at(name, op.operationId, location), message));
    const found = changes.length;
    if (old.operationId !== op.operationId)
      emit('operation-id-changed', 'request', '', `operationId renamed from ${old.operationId} to ${op.operationId}`);
    compareOperation(before, after, old, op, emit);
    // A schema keyword no rule covers is reported by the walk itself (schema-diff.ts, next to any other change);
    // anything else the walk has no rule for is still reported here: an operation never changes without a line.
    if (changes.length === found) {
      const pointer = firstDifference(inlineRefs(before, old.operation), inlineRefs(after, op.operation));
      if (pointer)
        emit('unrecognized-change', 'request', pointer, 'unrecognized change (no rule for it: check it by hand)');
    }
  }
  compareDocument(before, after, (rule, dir, location, message) =>
    changes.push(change(rule, dir, at('*', '', location), message)),
  );
  return changes;
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
  if (!jsonSchema(oldBody) && jsonSchema(newBody) && newBody?.required !== true)
    emit('request-body-added', 'request', 'request body', 'optional request body added');
  else compareSchema(ctx, 'request', 'request body', jsonSchema(oldBody), jsonSchema(newBody));

  // Every documented status is compared (error bodies are typed too); losing or gaining a success status is a change
  // of its own, an error status coming or going is not.
  const oldStatuses = statuses(before, old);
  const newStatuses = statuses(after, op);
  const success = (status: string) => /^2\d\d$/.test(status);
  for (const status of oldStatuses) {
    if (!newStatuses.includes(status)) {
      if (success(status))
        emit('response-status-removed', 'response', `response ${status}`, 'success response removed');
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
  for (const status of newStatuses)
    if (success(status) && !oldStatuses.includes(status))
      emit('response-status-added', 'response', `response ${status}`, 'success response added');

  if (!old.operation.deprecated && op.operation.deprecated)
    emit('operation-deprecated', 'request', '', 'operation deprecated');
  if (old.operation.deprecated && !op.operation.deprecated)
    emit('operation-undeprecated', 'request', '', 'no longer deprecated');
  compareSecurity(old.operation.security ?? before.security, op.operation.security ?? after.security, emit);
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
    for (const key of ['style', 'explode'] as const)
      if (previous[key] !== param[key])
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

function compareDocument(before: Doc, after: Doc, emit: Emit): void {
  const urls = (doc: Doc) => ((doc.servers ?? []) as { url?: unknown }[]).map((s) => String(s.url));
  const [oldUrls, newUrls] = [urls(before), urls(after)];
  const addedUrls = newUrls.filter((u) => !oldUrls.includes(u));
  for (const url of oldUrls)
    if (!newUrls.includes(url))
      emit(
        'server-removed',
        'request',
        'servers',
        `server ${url} removed${addedUrls.length ? `: use ${addedUrls.join(' or ')}` : ''}`,
      );
  for (const url of addedUrls) emit('server-added', 'request', 'servers', `server ${url} added`);
  // The first server of each environment is the client's default base URL.
  const [oldDefaults, newDefaults] = [classifyServers(before), classifyServers(after)];
  for (const env of ['production', 'demo'] as const) {
    const [was, now] = [oldDefaults[env][0], newDefaults[env][0]];
    if (was !== now)
      emit(
        'server-default-changed',
        'request',
        'servers',
        `default ${env} server changed from ${was ?? 'none'} to ${now ?? 'none'} (the client's default base URL)`,
      );
  }

  const schemes = (doc: Doc) =>
    ((doc.components as Schema | undefined)?.securitySchemes ?? {}) as Record<string, unknown>;
  const [oldSchemes, newSchemes] = [schemes(before), schemes(after)];
  for (const [name, scheme] of Object.entries(oldSchemes)) {
    const where = `components.securitySchemes.${name}`;
    if (!(name in newSchemes)) emit('security-scheme-removed', 'request', where, 'security scheme removed');
    // Compared without prose: a reworded description changes nothing a client sends.
    else if (JSON.stringify(inlineRefs(before, scheme)) !== JSON.stringify(inlineRefs(after, newSchemes[name])))
      emit('security-scheme-changed', 'request', where, 'security scheme changed (header name, type or location)');
  }
  for (const name of Object.keys(newSchemes))
    if (!(name in oldSchemes))
      emit('security-scheme-added', 'request', `components.securitySchemes.${name}`, 'security scheme added');
}

function jsonSchema(holder: Schema | undefined): unknown {
  const content = (holder?.content ?? {}) as Record<string, { schema?: unknown }>;
  return content['application/json']?.schema;
}

/** The statuses (`200`, `404`, `default`) whose response has a JSON body. */
function statuses(doc: Doc, op: SpecOperation): string[] {
  const responses = (op.operation.responses ?? {}) as Schema;
  return Object.keys(responses).filter((s) => jsonSchema(deref<Schema>(doc, responses[s])));
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
  const line = (c: SpecChange) =>
    `- \`${c.operation}\`${c.operationId ? ` (${c.operationId})` : ''}${c.location ? ` ${c.location}` : ''}: ${c.message} [${c.rule}]`;
  return (['breaking', 'potentially-breaking', 'safe'] as const)
    .map((severity) => {
      const group = changes.filter((c) => c.severity === severity);
      return [`${SEVERITY_TITLES[severity]} (${group.length})`, ...group.map(line)].join('\n');
    })
    .join('\n\n');
}

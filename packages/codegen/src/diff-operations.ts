import { createHash } from 'node:crypto';
import { checkedObject } from './arguments';
import { effectiveSecurity, listOperations, type SpecOperation } from './operations';
import { resolvePointer } from './refs';
import { visible } from './visible';

/** An operation by METHOD, path and operationId. */
export interface OperationRef {
  /** The HTTP method, upper case (`GET`). */
  readonly method: string;
  /** The path template, e.g. `/markets/{ticker}`. */
  readonly path: string;
  /** The operation's operationId. */
  readonly operationId: string;
}

/** The operations added, removed and changed between two specs. */
export interface OperationDiff {
  /** Operations only in the new spec. */
  readonly added: readonly OperationRef[];
  /** Operations only in the old spec. */
  readonly removed: readonly OperationRef[];
  /** Same METHOD and path, but the operation or a schema it uses changed. */
  readonly changed: readonly OperationRef[];
}

type Doc = Record<string, unknown>;

/** Compares two OpenAPI documents operation by operation (keyed by METHOD and path). */
export function diffOperations(before: Doc, after: Doc): OperationDiff {
  // A missing document crashed inside ("reading 'paths'").
  checkedObject('diffOperations', 'before', before, 'an OpenAPI document (an object)');
  checkedObject('diffOperations', 'after', after, 'an OpenAPI document (an object)');
  const index = (doc: Doc) =>
    new Map(
      listOperations(doc).map((op) => {
        const ref: OperationRef = { method: op.method.toUpperCase(), path: op.path, operationId: op.operationId };
        return [`${ref.method} ${ref.path}`, { ref, fingerprint: fingerprint(doc, op) }];
      }),
    );
  const old = index(before);
  const now = index(after);
  const added: OperationRef[] = [];
  const removed: OperationRef[] = [];
  const changed: OperationRef[] = [];
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (!previous) added.push(entry.ref);
    else if (previous.fingerprint !== entry.fingerprint) changed.push(entry.ref);
  }
  for (const [key, entry] of old) if (!now.has(key)) removed.push(entry.ref);
  return { added, removed, changed };
}

/**
 * Hash of an operation with every $ref inlined (cycles cut), so a changed shared schema changes it too. It covers what
 * classifyChanges compares for the operation: its path item's parameters, its effective `security` (the document's when
 * it has none, so `security: []` and none hash alike when the document requires nothing) and a path item's `servers`
 * override count too, so every operation the classified report names is listed as changed.
 */
function fingerprint(doc: Doc, op: SpecOperation): string {
  const item = ((doc.paths ?? {}) as Record<string, Doc | undefined>)[op.path];
  const effective = {
    ...op.operation,
    parameters: op.parameters,
    security: effectiveSecurity(doc, op),
    servers: op.operation.servers ?? item?.servers,
  };
  return createHash('sha256')
    .update(JSON.stringify(inlineRefs(doc, effective)))
    .digest('hex');
}

/**
 * A node with every local $ref replaced by its target (a ref already being inlined becomes `{ $cycle: ref }`; the
 * keywords beside a $ref, such as `nullable: true`, are kept over it), keys sorted, and the prose (description,
 * summary, examples) left out: two nodes that mean the same compare equal. A field so named (the keys of
 * `properties`: Kalshi's ExchangeIndexStatus has a `description`) is not prose and is kept.
 */
export function inlineRefs(doc: Doc, node: unknown): unknown {
  const inline = (value: unknown, seen: ReadonlySet<string>, names = false): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => inline(item, seen));
    const { $ref: ref, ...rest } = value as Record<string, unknown>;
    // A Map, not an object: a property named `__proto__` stays a key (assigned to an object, it set the prototype
    // and left the fingerprint).
    const out = new Map<string, unknown>();
    if (typeof ref === 'string') {
      const target = seen.has(ref) ? { $cycle: ref } : inline(resolvePointer(doc, ref), new Set([...seen, ref]));
      if (target === null || typeof target !== 'object' || Array.isArray(target)) return target;
      for (const [key, part] of Object.entries(target)) out.set(key, part);
    }
    for (const key of Object.keys(rest)) {
      if (!names && (key === 'description' || key === 'summary' || key === 'example' || key === 'examples')) continue;
      out.set(key, inline(rest[key], seen, key === 'properties'));
    }
    return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  return inline(node, new Set());
}

/** A readable multi-line summary, e.g. for `pnpm spec:update`; control characters in names shown as escapes. */
export function formatOperationDiff(diff: OperationDiff): string {
  const lines: string[] = [];
  const section = (title: string, sign: string, refs: readonly OperationRef[], counts = '') => {
    lines.push(`${title} (${refs.length}${counts})`);
    for (const r of refs) lines.push(visible(`  ${sign} ${r.method.padEnd(6)} ${r.path}  ${r.operationId}`));
  };
  section('Removed operations', '-', diff.removed);
  section('Added operations', '+', diff.added);
  // The count is of operations, each listed once however many changes the classified report gives it.
  const changed = diff.changed.length === 1 ? 'operation' : 'operations';
  section('Changed operations', '~', diff.changed, ` ${changed}, each listed once; their changes are classified below`);
  return lines.join('\n');
}

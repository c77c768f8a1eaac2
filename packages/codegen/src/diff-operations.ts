import { createHash } from 'node:crypto';
import { listOperations } from './operations';
import { resolvePointer } from './refs';

/** An operation by METHOD, path and operationId. */
export interface OperationRef {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
}

/** The operations added, removed and changed between two specs. */
export interface OperationDiff {
  readonly added: readonly OperationRef[];
  readonly removed: readonly OperationRef[];
  /** Same METHOD and path, but the operation or a schema it uses changed. */
  readonly changed: readonly OperationRef[];
}

type Doc = Record<string, unknown>;

/** Compares two OpenAPI documents operation by operation (keyed by METHOD and path). */
export function diffOperations(before: Doc, after: Doc): OperationDiff {
  const index = (doc: Doc) =>
    new Map(
      listOperations(doc).map((op) => {
        const ref: OperationRef = { method: op.method.toUpperCase(), path: op.path, operationId: op.operationId };
        return [`${ref.method} ${ref.path}`, { ref, fingerprint: fingerprint(doc, op.operation) }];
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

/** Hash of an operation with every $ref inlined (cycles cut), so a changed shared schema changes it too. */
function fingerprint(doc: Doc, operation: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(inlineRefs(doc, operation)))
    .digest('hex');
}

/**
 * A node with every local $ref replaced by its target (a ref already being inlined becomes `{ $cycle: ref }`), keys
 * sorted, and the prose (description, summary, examples) left out: two nodes that mean the same compare equal.
 */
export function inlineRefs(doc: Doc, node: unknown): unknown {
  const inline = (value: unknown, seen: ReadonlySet<string>): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => inline(item, seen));
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      if (seen.has(ref)) return { $cycle: ref };
      return inline(resolvePointer(doc, ref), new Set([...seen, ref]));
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === 'description' || key === 'summary' || key === 'example' || key === 'examples') continue;
      out[key] = inline((value as Record<string, unknown>)[key], seen);
    }
    return out;
  };
  return inline(node, new Set());
}

/** The JSON pointer of the first place where two plain JSON values differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (a === b) return undefined;
  if (
    a === null ||
    b === null ||
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return at || '/';
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    );
    if (found) return found;
  }
  return undefined;
}

/** A readable multi-line summary, e.g. for `pnpm spec:update`. */
export function formatOperationDiff(diff: OperationDiff): string {
  const lines: string[] = [];
  const section = (title: string, sign: string, refs: readonly OperationRef[]) => {
    lines.push(`${title} (${refs.length})`);
    for (const r of refs) lines.push(`  ${sign} ${r.method.padEnd(6)} ${r.path}  ${r.operationId}`);
  };
  section('Removed operations', '-', diff.removed);
  section('Added operations', '+', diff.added);
  section('Changed operations', '~', diff.changed);
  return lines.join('\n');
}

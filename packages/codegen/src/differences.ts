// Every difference between two parts of two spec documents that no rule reads, each named by the JSON pointer that
// resolves in the spec holding it: the new spec for what was added or changed, the old one for what was removed.
// The classifiers say which paths their rules read (`ruled`); everything else is listed, none dropped.
import { pointerKey, resolvePointer } from './refs';

type Node = Record<string, unknown>;

/** One difference: `pointer` resolves in the new spec, or in the old one when the value was removed. */
export interface Difference {
  readonly pointer: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly old?: unknown;
  readonly now?: unknown;
}

/** A node of a document with the pointer where it sits (`/paths/~1markets/get`). */
export interface Located {
  readonly node: unknown;
  readonly pointer: string;
}

export interface DiffOptions {
  /** Whether a rule reads the value at this path (keys from the starting nodes); those are not compared here. */
  readonly ruled?: (path: readonly string[]) => boolean;
  /** Follow local `$ref`s (a node reached through one is named at its target); otherwise a `$ref` is a value. */
  readonly followRefs?: boolean;
}

/** Keys that only hold prose or samples: a reworded description changes nothing a client sends or reads. */
const PROSE_TEXT = new Set(['description', 'summary', 'title']);
const SAMPLES = new Set(['example', 'examples', 'externalDocs']);
const isProse = (key: string, value: unknown) => SAMPLES.has(key) || (PROSE_TEXT.has(key) && typeof value === 'string');

/** The differences between `old` (in `before`) and `now` (in `after`) outside the ruled paths. */
export function differences(
  before: unknown,
  after: unknown,
  old: Located,
  now: Located,
  options: DiffOptions = {},
): Difference[] {
  const found: Difference[] = [];
  const ruled = options.ruled ?? (() => false);
  const seen = new Set<string>();
  const follow = (doc: unknown, at: Located): Located => {
    let current = at;
    for (let hops = 0; options.followRefs && hops < 32; hops++) {
      const ref = isObject(current.node) ? current.node.$ref : undefined;
      if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
      current = { node: resolvePointer(doc, ref), pointer: ref.slice(1) };
    }
    return current;
  };
  const walk = (rawA: Located, rawB: Located, path: string[]): void => {
    const [a, b] = [follow(before, rawA), follow(after, rawB)];
    if (a.node === undefined && b.node === undefined) return;
    if (a.node === undefined) {
      if (!isEmpty(stripped(after, b.node, path, ruled, options)))
        found.push({ pointer: b.pointer, kind: 'added', now: b.node });
      return;
    }
    if (b.node === undefined) {
      if (!isEmpty(stripped(before, a.node, path, ruled, options)))
        found.push({ pointer: a.pointer, kind: 'removed', old: a.node });
      return;
    }
    const bothObjects = isObject(a.node) && isObject(b.node);
    const bothArrays = Array.isArray(a.node) && Array.isArray(b.node);
    if (!bothObjects && !bothArrays) {
      if (JSON.stringify(a.node) !== JSON.stringify(b.node))
        found.push({ pointer: b.pointer, kind: 'changed', old: a.node, now: b.node });
      return;
    }
    // A node reached again through the same pair of refs (a recursive structure) is compared once.
    const pair = `${a.pointer}|${b.pointer}`;
    if (seen.has(pair)) return;
    seen.add(pair);
    const [x, y] = [a.node as Node, b.node as Node];
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (key === '$ref' && options.followRefs) continue;
      if (isProse(key, x[key] ?? y[key])) continue;
      const next = [...path, key];
      if (ruled(next)) continue;
      walk(
        { node: x[key], pointer: `${a.pointer}/${pointerKey(key)}` },
        { node: y[key], pointer: `${b.pointer}/${pointerKey(key)}` },
        next,
      );
    }
  };
  walk(old, now, []);
  return found;
}

/** A node without its ruled parts and prose: what is left for a rule-less report when it is added or removed. */
function stripped(
  doc: unknown,
  raw: unknown,
  path: string[],
  ruled: (path: readonly string[]) => boolean,
  options: DiffOptions,
): unknown {
  const seen = new Set<unknown>();
  const strip = (value: unknown, at: string[]): unknown => {
    let node = value;
    for (let hops = 0; options.followRefs && hops < 32 && isObject(node) && typeof node.$ref === 'string'; hops++)
      node = resolvePointer(doc, node.$ref);
    if (node === null || typeof node !== 'object') return node;
    if (seen.has(node)) return {};
    seen.add(node);
    const out: Node = {};
    for (const [key, child] of Object.entries(node)) {
      if (isProse(key, child)) continue;
      if (ruled([...at, key])) continue;
      const kept = strip(child, [...at, key]);
      if (!isEmpty(kept)) out[key] = kept;
    }
    seen.delete(node);
    return Array.isArray(node) && Object.keys(out).length ? Object.values(out) : out;
  };
  return strip(raw, path);
}

function isEmpty(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

function isObject(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value shown in a report line: JSON, cut short. */
export function shortJson(value: unknown, max = 80): string {
  const text = value === undefined ? 'none' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What no rule covers: to be checked by hand. A removed value is named where it was, in the old spec. */
export const unruledNote = (gone: boolean) =>
  `(no rule for it: check it by hand${gone ? '; the pointer is into the old spec' : ''})`;

/** The message of an unruled difference, e.g. `removed (was {…}) (no rule for it: …)`. */
export function describeDifference(difference: Difference): string {
  const what =
    difference.kind === 'added'
      ? `added: ${shortJson(difference.now)}`
      : difference.kind === 'removed'
        ? `removed (was ${shortJson(difference.old)})`
        : `changed from ${shortJson(difference.old)} to ${shortJson(difference.now)}`;
  return `${what} ${unruledNote(difference.kind === 'removed')}`;
}

// Local JSON-pointer `$ref` handling ("#/components/schemas/Market"). Kalshi's specs use local refs only.

/** JSON pointer escaping of one key (`/markets/{ticker}` → `~1markets~1{ticker}`). */
export const pointerKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The keys of a JSON pointer's path after `#/` (`~1markets~1{ticker}` → `/markets/{ticker}`), unescaped. A `$ref`'s
 * fragment is percent-encoded (RFC 6901 §6: `~1markets~1%7Bticker%7D` is the same key), decoded key by key as
 * openapi-typescript's parser (Redocly) does, which renders the types; a key whose
 * `%` starts no valid escape stays as written.
 */
export const pointerKeys = (path: string) =>
  path.split('/').map((key) => percentDecoded(key).replace(/~1/g, '/').replace(/~0/g, '~'));

function percentDecoded(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/** The node a local `$ref` (`#/components/...`) points to, or undefined. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const key of pointerKeys(ref.slice(2))) {
    // An own key only: `#/components/schemas/constructor` is no schema when the spec has none by that name.
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follows `$ref`s until a non-reference object (bounded, for cyclic refs). */
export function deref<T = Record<string, unknown>>(document: unknown, node: unknown): T | undefined {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    if (current === null || typeof current !== 'object') return current as T;
    const ref = (current as { $ref?: unknown }).$ref;
    if (typeof ref !== 'string') return current as T;
    current = resolvePointer(document, ref);
  }
  return undefined;
}

export interface UnresolvedRef {
  readonly ref: string;
  readonly at: string;
}

/** Every local `$ref` in a document that points nowhere, with where it occurs. */
export function findUnresolvedRefs(document: unknown): UnresolvedRef[] {
  const missing: UnresolvedRef[] = [];
  const visit = (node: unknown, at: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${at}/${i}`);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        if (resolvePointer(document, value) === undefined) missing.push({ ref: value, at: at || '/' });
      } else {
        visit(value, `${at}/${pointerKey(key)}`);
      }
    }
  };
  visit(document, '');
  return missing;
}

/** Every local `$ref` reached from `roots`, following each into its target (each target visited once). */
export function reachableRefs(document: unknown, roots: readonly unknown[]): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && !reached.has(ref)) {
      reached.add(ref);
      visit(resolvePointer(document, ref));
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const root of roots) visit(root);
  return reached;
}

// Where a node sits in its document, as a JSON pointer: report lines name a change by a pointer that resolves in the
// spec file. Nodes are found by identity (parsed documents are plain trees); the index is built once per document.
import { pointerKey } from './refs';

const indexes = new WeakMap<object, WeakMap<object, string>>();

/** The JSON pointer of an object node of `doc` (`/components/schemas/Market`), or undefined if it is not in it. */
export function pointerOf(doc: object, node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  let index = indexes.get(doc);
  if (!index) {
    const built = new WeakMap<object, string>();
    const visit = (value: unknown, at: string): void => {
      if (value === null || typeof value !== 'object' || built.has(value)) return;
      built.set(value, at);
      for (const [key, child] of Object.entries(value)) visit(child, `${at}/${pointerKey(key)}`);
    };
    visit(doc, '');
    indexes.set(doc, built);
    index = built;
  }
  return index.get(node);
}

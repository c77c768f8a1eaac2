// How many nodes a parsed YAML document holds once its aliases are expanded, computed on the syntax tree without
// expanding anything: each anchored node's size is computed once and an alias adds it again. An alias bomb's size
// doubles per level, so this stays cheap however large the expansion would be.
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/** Expanded node count of `doc`; stops counting (returns a number above `limit`) once `limit` is passed. */
export function expandedSize(doc: Document, limit: number): number {
  const sizes = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  const size = (node: unknown): number => {
    if (node === null || node === undefined || isScalar(node)) return 1;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      // An alias inside its own anchor is a cycle, kept by reference (the yaml library builds a circular object).
      return target === undefined || inProgress.has(target) ? 1 : size(target);
    }
    if (isPair(node)) return size(node.key) + size(node.value);
    const cached = sizes.get(node);
    if (cached !== undefined) return cached;
    let total = 1;
    if (isMap(node) || isSeq(node)) {
      inProgress.add(node);
      for (const item of node.items as Node[]) {
        total += size(item);
        if (total > limit) break;
      }
      inProgress.delete(node);
    }
    sizes.set(node, total);
    return total;
  };
  return size(doc.contents);
}

// Runs Optic's open-source breaking-change ruleset (@useoptic/standard-rulesets, devDependency only) on a spec pair.
import { compareSpecs } from '@useoptic/openapi-utilities';
import { RuleRunner } from '@useoptic/rulesets-base';
import { BreakingChangesRuleset } from '@useoptic/standard-rulesets/build/breaking-changes/index.js';
import { resolvePointer } from '../../src';

type Doc = Record<string, unknown>;

export interface OpticFinding {
  readonly rule: string;
  /** `METHOD /path` when Optic names one. */
  readonly operation: string;
  readonly message: string;
}

/** Optic reads dereferenced documents (its CLI inlines $refs first); a recursive ref is cut to `{}`. */
export function inlineRefs(doc: Doc): Doc {
  const inline = (node: unknown, seen: ReadonlySet<string>): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item) => inline(item, seen));
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') return seen.has(ref) ? {} : inline(resolvePointer(doc, ref), new Set([...seen, ref]));
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, seen)]));
  };
  return inline(doc, new Set()) as Doc;
}

export async function opticBreaking(before: Doc, after: Doc): Promise<OpticFinding[]> {
  const input = (doc: Doc) => ({
    jsonLike: inlineRefs(doc) as never,
    sourcemap: { rootFilePath: 'spec.yaml', files: [], refMappings: {} },
    isEmptySpec: false,
  });
  const { results } = await compareSpecs(
    input(before),
    input(after),
    new RuleRunner([new BreakingChangesRuleset()]),
    {},
  );
  return results
    .filter((r) => !r.passed && !r.exempted)
    .map((r) => ({
      rule: r.name ?? '',
      // `where` reads "GET /orders response 200 response body: …".
      operation: /^([A-Z]+ \S+)/.exec(r.where ?? '')?.[1] ?? '',
      message: r.error ?? '',
    }));
}

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChanges, listOperations, loadOpenApiSpec } from '../../src';
import { KALSHI_SPEC } from '../helpers';
import { loadCorpus } from './corpus';
import { opticBreaking } from './optic';

// Our classifier held against Optic's open-source breaking-change ruleset (@useoptic/standard-rulesets) on the same
// spec pairs. They agree when both call a pair (or an operation) breaking or both do not; "potentially breaking"
// counts as not breaking. Every disagreement is listed with its reason, so a new one fails the test.

const SPEC_3_7 = resolve(import.meta.dirname, '../../../../../shared/spec/kalshi-openapi-3.7.0.yaml');

/** Operations of the real 3.7.0 → 3.31.0 pair where we and Optic differ, and why. */
const REAL_PAIR_DISAGREEMENTS: Record<string, string> = {
  // `scopes` items gained an enum: a request that sent any string now has to send one of the listed scopes.
  // Optic's enum rule only looks at values removed from an existing enum.
  'POST /api_keys': 'request enum added (enum-added): narrows what a request may send; Optic has no rule for it',
  'POST /api_keys/generate':
    'request enum added (enum-added): narrows what a request may send; Optic has no rule for it',
  // `percentiles` items' maximum went from 10000 to 9999: a request for the 10000th percentile is now refused.
  'GET /series/{series_ticker}/events/{ticker}/forecast_percentile_history':
    'request maximum lowered (constraint-tightened); Optic does not compare numeric bounds',
};

const rate = (agree: number, total: number) => `${agree}/${total} (${((100 * agree) / total).toFixed(1)}%)`;

describe('cross-check with Optic', () => {
  it('agrees on the hand-written corpus except where a case documents why', async () => {
    const disagreements: string[] = [];
    const documented: string[] = [];
    const corpus = loadCorpus();
    for (const pair of corpus) {
      const ours = classifyChanges(pair.before, pair.after).some((c) => c.breaking);
      const theirs = (await opticBreaking(pair.before, pair.after)).length > 0;
      if (ours !== theirs) disagreements.push(pair.name);
      if (pair.opticDisagrees) documented.push(pair.name);
    }
    console.log(`Optic cross-check, corpus: agreement ${rate(corpus.length - disagreements.length, corpus.length)}`);
    expect(disagreements).toEqual(documented);
  }, 120_000);

  it('agrees operation by operation on Kalshi 3.7.0 → 3.31.0 except the documented ones', async () => {
    const [before, after] = await Promise.all([loadOpenApiSpec(SPEC_3_7), loadOpenApiSpec(KALSHI_SPEC)]);
    const ours = new Set(
      classifyChanges(before.document, after.document)
        .filter((c) => c.breaking)
        .map((c) => c.operation),
    );
    const theirs = new Set((await opticBreaking(before.document, after.document)).map((f) => f.operation));
    const all = new Set(
      [...listOperations(before.document), ...listOperations(after.document)].map(
        (op) => `${op.method.toUpperCase()} ${op.path}`,
      ),
    );
    const disagreements = [...all].filter((op) => ours.has(op) !== theirs.has(op)).sort();
    console.log(
      `Optic cross-check, Kalshi 3.7.0 → 3.31.0: agreement ${rate(all.size - disagreements.length, all.size)} operations ` +
        `(breaking: ours ${ours.size}, Optic ${theirs.size})`,
    );
    expect(disagreements).toEqual(Object.keys(REAL_PAIR_DISAGREEMENTS).sort());
  }, 600_000);
});

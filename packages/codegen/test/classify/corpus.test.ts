import { describe, expect, it } from 'vitest';
import { classifyChanges } from '../../src';
import { loadCorpus } from './corpus';

// One small spec pair per rule (test/fixtures/changes/*.yaml); the expected lines are written by hand.
describe('the change corpus', () => {
  it.each(loadCorpus().map((c) => [c.name, c] as const))('%s', (_name, pair) => {
    const found = classifyChanges(pair.before, pair.after).map(
      (c) => `${c.severity} ${c.rule} | ${c.location} | ${c.message}`,
    );
    expect(found).toEqual(pair.expect);
  });
});

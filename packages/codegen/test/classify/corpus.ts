import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES } from '../helpers';

/** One hand-written spec pair from test/fixtures/changes: the changes expected and, if any, why Optic disagrees. */
export interface CorpusCase {
  readonly name: string;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  /** `severity rule | location | message`, written by hand from the rule's meaning. */
  readonly expect: readonly string[];
  readonly opticDisagrees?: string;
}

const DIR = join(FIXTURES, 'changes');
const wrap = (fragment: Record<string, unknown>) => ({
  openapi: '3.0.3',
  info: { title: 'corpus', version: '1' },
  paths: {},
  ...fragment,
});

export function loadCorpus(): CorpusCase[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const raw = parse(readFileSync(join(DIR, file), 'utf8'));
      return {
        name: file.replace(/\.yaml$/, ''),
        before: wrap(raw.before),
        after: wrap(raw.after),
        expect: raw.expect,
        opticDisagrees: raw.optic_disagrees,
      };
    });
}

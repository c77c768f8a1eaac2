import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The spec the repo is locked to, as copied by `pnpm spec:sync`. */
export const KALSHI_SPEC = resolve(import.meta.dirname, '../../../spec/.cache/kalshi-openapi.yaml');
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
export const CLI = resolve(import.meta.dirname, '../bin/kalshi-codegen.mjs');

export function tempDir(prefix = 'kalshi-codegen-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

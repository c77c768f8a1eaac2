import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';

/** The spec the repo is locked to, as copied by `pnpm spec:sync`. */
export const KALSHI_SPEC = resolve(import.meta.dirname, '../../../spec/.cache/kalshi-openapi.yaml');
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
export const CLI = resolve(import.meta.dirname, '../bin/kalshi-codegen.mjs');

// biome-ignore lint/suspicious/noExplicitAny: test documents are mutated freely
export type Doc = Record<string, any>;

/** Documents of the spec in `file` (read once), each freshly parsed and changed by `mutate`: one place per case. */
export function specOf(file: string): (mutate?: (d: Doc) => void) => Doc {
  const text = readFileSync(file, 'utf8');
  return (mutate = () => {}) => {
    const doc = parse(text);
    mutate(doc);
    return doc;
  };
}

export function tempDir(prefix = 'kalshi-codegen-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Type-checks `file` (strict, bundler resolution) and returns its diagnostics as `path:line message`. */
export function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

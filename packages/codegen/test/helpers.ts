import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

/** The spec the repo is locked to, as copied by `pnpm spec:sync`. */
export const KALSHI_SPEC = resolve(import.meta.dirname, '../../../spec/.cache/kalshi-openapi.yaml');
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
export const CLI = resolve(import.meta.dirname, '../bin/kalshi-codegen.mjs');

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

// openapi-typescript (peer `typescript ^5.x`), which renders the types, and emit-types/emit-asyncapi build them with
// TypeScript 5's compiler API (`ts.factory`). TypeScript 7's package has no such API (its `typescript` entry exports
// only `version`), and openapi-typescript calls `ts.factory` as it loads, so importing it under TypeScript 7 crashed
// with a raw TypeError. It is loaded only here, after the installed TypeScript is checked and refused by name.
import type * as OpenApiTypescript from 'openapi-typescript';
import type * as TS from 'typescript';
import { CodegenError } from './errors';

/** Throws CodegenError `unsupported_typescript` unless `version` (the installed TypeScript's) is a TypeScript 5. */
export function assertSupportedTypeScript(version: string): void {
  if (/^5\.\d/.test(version)) return;
  throw new CodegenError(
    'unsupported_typescript',
    `TypeScript ${version || '(no version found)'} is installed; kalshi-codegen needs TypeScript 5 (openapi-typescript builds the types with its compiler API): npm install -D typescript@5`,
  );
}

/**
 * The installed TypeScript's compiler API, once it is known to be a TypeScript 5. Imported on first use: loading it
 * costs about a second of CPU, which reading, checking and comparing specs (the spec scripts, `kalshi-codegen diff`)
 * never need.
 */
export async function loadTypeScript(): Promise<typeof TS> {
  const ts = (await import('typescript')).default;
  assertSupportedTypeScript(ts.version ?? '');
  return ts;
}

/** openapi-typescript, once the installed TypeScript is known to be one it runs on. */
export async function loadOpenApiTypescript(): Promise<typeof OpenApiTypescript> {
  await loadTypeScript();
  return import('openapi-typescript');
}

// The built packages' declarations as consumers' compilers see them, under settings this package's own typecheck does
// not use: each file of ./consumer is one consumer project's, compiled here with that project's compiler options
// against dist (the test task builds first), with nothing in `types` unless the project would have it.
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const DIR = join(import.meta.dirname, 'consumer');

/** tsc's errors for one consumer file, as `file(line): TSnnnn message`. */
function errorsOf(file: string, options: ts.CompilerOptions): string[] {
  const program = ts.createProgram([join(DIR, file)], {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    ...options,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${d.file?.fileName.split('/').slice(-3).join('/') ?? ''}(${where}): TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

// Outside test round 10, R-D1: @org/kalshi-auth's d.ts imported KeyObject from "node:crypto", so a browser project
// without @types/node failed (TS2307), and with skipLibCheck KeyObject was `any`: `publicKey: 123` compiled. The root
// README ("Runtimes and browsers") promises REST from a page; the d.ts must load without Node's types.
it.each([false, true])(
  'a browser project without @types/node type-checks the client and auth (skipLibCheck %s)',
  (skipLibCheck) => {
    expect(errorsOf('browser.ts', { lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck })).toEqual([]);
  },
  120_000,
);

// Outside test round 10, R-D5: optional inputs were typed `?: T`, so under exactOptionalPropertyTypes (common in strict
// projects) the root README's own mock block (`const [baseUrl] = kalshi.baseUrls`, then `{ baseUrl }`) and forwarding
// an optional value (`baseUrl: process.env.X`, `clientOrderId: maybeId`) did not compile, though the runtime takes
// undefined as absent. Every optional input property of client, auth and mock takes `| undefined`.
// Round 24 D3: with skipLibCheck false too (@tsconfig/strictest sets both), the declarations themselves compile: the
// base KalshiError's `operationId?: string` made its subclasses' `string | undefined` an error (TS2415).
it.each([true, false])(
  'a strict project with exactOptionalPropertyTypes forwards optional values to every input (skipLibCheck %s)',
  (skipLibCheck) => {
    const options = { exactOptionalPropertyTypes: true, types: ['node'], lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'] };
    expect(errorsOf('exact-optional.ts', { ...options, skipLibCheck })).toEqual([]);
  },
  120_000,
);

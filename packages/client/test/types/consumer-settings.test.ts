// The built packages' declarations as consumers' compilers see them, under settings this package's own typecheck does
// not use: each file of ./consumer is one consumer project's, compiled here with that project's compiler options
// against dist (the test task builds first), with nothing in `types` unless the project would have it.
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { sharingHost } from './sharing-host';

const DIR = join(import.meta.dirname, 'consumer');

/** One consumer file's program, under that project's compiler options. */
function programOf(file: string, options: ts.CompilerOptions): ts.Program {
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    ...options,
  };
  // The programs share parsed files (every one is strict, as sharingHost needs).
  return ts.createProgram([join(DIR, file)], compilerOptions, sharingHost(compilerOptions));
}

/** tsc's errors for one consumer file (or its program), as `file(line): TSnnnn message`. */
function errorsOf(file: string | ts.Program, options: ts.CompilerOptions = {}): string[] {
  const program = typeof file === 'string' ? programOf(file, options) : file;
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

// Round 25, T4: `const kalshi: KalshiClient = await createKalshiClient(…)`, the README's own line, cost about 450,000
// type instantiations (4.8 s of check time, on every tsc run and editor start) against 70 without the annotation: the
// generic signature's `P` was inferred back from the contextual type, and that measured the variance of `P` through
// the whole client type. Counted, not timed: the count is deterministic for a given TypeScript version, and the bound
// is far above the few hundred the three forms cost and far below the cost of one such inference.
it('names the client type where it creates the client without an expensive inference', () => {
  const program = programOf('annotated-client.ts', {
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  });
  expect(errorsOf(program)).toEqual([]);
  expect(program.getInstantiationCount()).toBeLessThan(20_000);
}, 120_000);

// Round 25, T1: a raw call's `error` was the spec's flat ErrorResponse, so `r.error?.code === 'not_found'` compiled
// and was never true: Kalshi nests the code in most bodies, and sends `{msg}` and a 429's `{error: "…"}` too
// (kalshi-api-notes §3.1). The consumer file's `@ts-expect-error` lines fail to compile if that type comes back.
it("types a failed raw call's error as the bodies Kalshi sends, whose code parseErrorBody reads", () => {
  const options = { skipLibCheck: true, types: [], lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'] };
  expect(errorsOf('raw-errors.ts', options)).toEqual([]);
}, 120_000);

// Round 25, T3: a library returning a raw call's result got openapi-fetch's FetchResponse as the inferred type, which
// no entry of this package names: its declarations said `import("openapi-fetch")`, a package it does not depend on,
// and under an isolated install (pnpm, npm's linked strategy) tsc refused to emit them (TS2742). KalshiResult names it.
it("emits a library's declarations for raw calls' results by this package's names, not openapi-fetch's", () => {
  const program = programOf('raw-results.ts', {
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
  });
  expect(errorsOf(program)).toEqual([]);
  let declarations = '';
  program.emit(undefined, (_name, text) => {
    declarations += text;
  });
  expect(declarations).not.toContain('openapi-fetch');
  expect(declarations).toContain(
    'rawGet(kalshi: KalshiClient): Promise<KalshiResult<"/markets", "get", "json", import("@org/kalshi-client").paths>>',
  );
  expect(declarations).toContain(
    'rawText(kalshi: KalshiClient): Promise<KalshiResult<"/portfolio/balance", "get", "text", import("@org/kalshi-client").paths>>',
  );
}, 120_000);

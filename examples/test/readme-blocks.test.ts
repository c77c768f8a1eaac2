// Docs that cannot rot: every ```ts block of the READMEs (extracted by readme-blocks/extract.mjs before vitest
// starts) type-checks strictly against the built packages, and the runnable ones run against the mock exchange.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// The two programs below share parsed files (both strict, as sharingHost needs).
import { sharingHost } from '../../packages/client/test/types/sharing-host';

const OUT = join(import.meta.dirname, 'readme-blocks/out');
interface Block {
  readme: string;
  line: number;
  mode: 'run' | 'check' | 'fragment';
  test: boolean;
  file: string;
  offset: number;
}
const blocks: Block[] = JSON.parse(readFileSync(join(OUT, 'blocks.json'), 'utf8'));

/** Where a diagnostic points in the README it came from: `README.md:47`. */
function origin(diagnostic: ts.Diagnostic): string {
  const block = blocks.find((b) => diagnostic.file?.fileName === join(OUT, b.file));
  if (!block || !diagnostic.file || diagnostic.start === undefined) return diagnostic.file?.fileName ?? '(global)';
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${block.readme}:${block.line + line - block.offset}`;
}

describe('README code blocks', () => {
  it('every README has its ts blocks extracted (the root README and each package)', () => {
    const readmes = new Set(blocks.map((b) => b.readme));
    for (const readme of ['README.md', 'packages/client/README.md', 'packages/mock/README.md'])
      expect(readmes).toContain(readme);
  });

  // A user's project resolves modules the bundler way or the Node way (`nodenext`: relative imports need `.js`), and
  // may set exactOptionalPropertyTypes (outside test round 10, R-D5: the root README's mock block failed under it).
  // One tsc program over every block each: ~20 s idle, minutes on a loaded machine.
  it.each([
    ['bundler', false, ts.ModuleKind.Preserve, ts.ModuleResolutionKind.Bundler],
    ['nodenext', true, ts.ModuleKind.NodeNext, ts.ModuleResolutionKind.NodeNext],
  ])(
    'type-check (%s resolution, exactOptionalPropertyTypes: %s): strict, noUncheckedIndexedAccess, against the built packages',
    (_name, exactOptionalPropertyTypes, module, moduleResolution) => {
      const options: ts.CompilerOptions = {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes,
        target: ts.ScriptTarget.ES2022,
        module,
        moduleResolution,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
        types: ['node'],
        noEmit: true,
        skipLibCheck: true,
      };
      const program = ts.createProgram(
        blocks.map((b) => join(OUT, b.file)),
        options,
        sharingHost(options),
      );
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => `${origin(d)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(errors).toEqual([]);
    },
    300_000,
  );

  // Checked against this repository's msw 2 above; msw 3 renamed the option (onUnhandledFrame) and ignores the old
  // one at run time, so a block passing either would be wrong for the other version: `kalshi.listen()` sets both.
  it("no block passes msw's version-specific strict option to server.listen", () => {
    const spelled = blocks.filter((b) =>
      /onUnhandled(Request|Frame)\s*:/.test(readFileSync(join(OUT, b.file), 'utf8')),
    );
    expect(spelled.map((b) => `${b.readme}:${b.line}`)).toEqual([]);
  });
});

// The runnable blocks talk to Kalshi's demo host (or production): msw answers both from the mock exchange, and
// `credentials: 'env'` reads the mock's registered test key from the environment.
describe('runnable README blocks, against the mock', () => {
  const kalshi = setupKalshiMockServer();
  let requests = 0;
  beforeAll(() => {
    kalshi.listen();
    kalshi.server.events.on('request:start', () => {
      requests++;
    });
  });
  afterEach(() => {
    kalshi.exchange.reset();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  afterAll(() => kalshi.server.close());

  const runnable = blocks.filter((b) => b.mode === 'run' && !b.test);
  it.each(runnable.map((b) => [`${b.readme}:${b.line}`, b] as const))(
    '%s runs to completion, talking to the exchange',
    async (_where, block) => {
      vi.stubEnv('KALSHI_API_KEY_ID', kalshi.credentials.keyId);
      vi.stubEnv('KALSHI_PRIVATE_KEY', kalshi.credentials.privateKeyPem);
      vi.stubEnv('KALSHI_PRIVATE_KEY_PATH', '');
      vi.spyOn(console, 'log').mockImplementation(() => undefined);
      // A block may read `kalshi.pem` from the working directory, as a user's would.
      const cwd = process.cwd();
      const dir = mkdtempSync(join(tmpdir(), 'readme-block-'));
      writeFileSync(join(dir, 'kalshi.pem'), kalshi.credentials.privateKeyPem);
      process.chdir(dir);
      const before = requests;
      try {
        await import(join(OUT, block.file));
      } finally {
        process.chdir(cwd);
      }
      expect(requests).toBeGreaterThan(before);
    },
    60_000,
  );
});

// Every example is meant to be copied into a user's project ("Small complete programs to copy", examples/README), and
// a `"type": "module"` project "works with `"module": "node16"`, `"nodenext"`" (root README, CommonJS and TypeScript):
// there, relative imports need their `.js` (TS2835 otherwise). Every .ts file of every example, found on disk so a new
// one is covered too, type-checks under nodenext against the built packages (outside test round 11, U-D3: three test
// files imported './demo' and the like).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const EXAMPLES = join(import.meta.dirname, '..');

/** The .ts files of each example folder (every folder but test/ and node_modules/). */
function exampleFiles(): string[] {
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !['test', 'node_modules'].includes(d.name) && !d.name.startsWith('.'))
    .flatMap((d) =>
      readdirSync(join(EXAMPLES, d.name))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(EXAMPLES, d.name, f)),
    );
}

it('finds the files of every example, entry points and test suites', () => {
  const names = exampleFiles().map((f) => f.slice(EXAMPLES.length + 1));
  for (const example of ['market-maker', 'portfolio-report', 'book-recorder', 'demo']) {
    expect(names).toContain(`${example}/${example}.ts`);
    expect(names).toContain(`${example}/${example}.test.ts`);
  }
});

it('every example file type-checks with module and moduleResolution nodenext (a "type": "module" project)', () => {
  const program = ts.createProgram(exampleFiles(), {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    noEmit: true,
    skipLibCheck: true,
  });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(EXAMPLES.length + 1)}` : '(global)';
    return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(errors).toEqual([]);
}, 300_000);

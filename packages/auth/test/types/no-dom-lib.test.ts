import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

// Outside tester X (round 30): a Node project's tsconfig — `lib: ["es2023"]` (what @tsconfig/node20 sets),
// `types: ["node"]`, skipLibCheck off — failed in the published declarations: `PrivateKeyInput` named the DOM lib's
// `CryptoKey`, which @types/node 20 does not declare at all and 24 declares as a value only (TS2749 "refers to a
// value, but is being used as a type"). The client (`credentials.privateKey`) re-exports it, so every user of the SDK
// with such a tsconfig got the error. The built declarations compile without the DOM lib, as KeyObjectLike does for
// node:crypto's KeyObject.
// One program over both entries: with skipLibCheck off, each program checks all of @types/node and the ES lib again
// (about 7 s of CPU each); each entry's test takes the errors of its own file (and of any shared chunk).
const FILES = ['index.d.mts', 'node.d.mts'];
let program: ts.Program | undefined;
const compiled = () =>
  (program ??= ts.createProgram(
    FILES.map((file) => resolve(import.meta.dirname, '../../dist', file)),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
  ));

it.each(FILES)(
  'dist/%s compiles without the DOM lib (Node 20 types, skipLibCheck off)',
  (file) => {
    // This entry's errors and those of any dist file that is not an entry (a chunk the entries share).
    const mine = (name = '') => name === file || !FILES.includes(name);
    const errors = ts
      .getPreEmitDiagnostics(compiled())
      .filter((d) => d.file?.fileName.includes('/dist/') && mine(d.file.fileName.split('/dist/')[1]))
      .map((d) => `${d.file?.fileName.split('/dist/')[1]}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  },
  120_000,
);

// What one program over both entries assumes: no declaration file changes the globals or the libs, which would let one
// entry's declarations hide the other's errors (the round-38 review).
it('no dist declaration file declares globals or references a lib', () => {
  const dist = resolve(import.meta.dirname, '../../dist');
  const files = readdirSync(dist).filter((f) => f.endsWith('.d.mts'));
  expect(files).toEqual(expect.arrayContaining(FILES));
  for (const file of files)
    expect(readFileSync(resolve(dist, file), 'utf8'), file).not.toMatch(/declare global|<reference lib=/);
});

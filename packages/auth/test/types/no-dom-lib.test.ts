import { resolve } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

// Outside tester X (round 30): a Node project's tsconfig — `lib: ["es2023"]` (what @tsconfig/node20 sets),
// `types: ["node"]`, skipLibCheck off — failed in the published declarations: `PrivateKeyInput` named the DOM lib's
// `CryptoKey`, which @types/node 20 does not declare at all and 24 declares as a value only (TS2749 "refers to a
// value, but is being used as a type"). The client (`credentials.privateKey`) re-exports it, so every user of the SDK
// with such a tsconfig got the error. The built declarations compile without the DOM lib, as KeyObjectLike does for
// node:crypto's KeyObject.
it.each(['index.d.mts', 'node.d.mts'])(
  'dist/%s compiles without the DOM lib (Node 20 types, skipLibCheck off)',
  (file) => {
    const program = ts.createProgram([resolve(import.meta.dirname, '../../dist', file)], {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.includes('/dist/'))
      .map((d) => `${d.file?.fileName.split('/dist/')[1]}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  },
  // A whole program over dist with @types/node: 71 s once on a machine loaded with parallel test lines.
  120_000,
);

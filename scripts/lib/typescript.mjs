// TypeScript's compiler API for the spec scripts, loaded on first use and through require(): a script that refuses a
// spec before it reads any TypeScript source never loads it, and require() skips the second of CPU an ESM import of
// typescript.js costs (Node's CommonJS export lexer and format detection over its 9 MB), measured 1.3 s against 0.4 s.
import { createRequire } from 'node:module';

let ts;

/** The root's `typescript` module. */
export function typescript() {
  ts ??= createRequire(import.meta.url)('typescript');
  return ts;
}

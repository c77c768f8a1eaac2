// Stands in for `kalshi-codegen generate --out src/kalshi` output (openapi.ts, manifest.ts) in README blocks that
// import it: the same types and manifest the client ships.
export type { paths } from '@org/kalshi-client';
export { operations } from '@org/kalshi-client';

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Round 38 (D): the spec scripts (spec:sync, spec:update) took `--from HTTPS://…` (or KALSHI_OPENAPI=HTTPS://…) for a
// file path: it failed `HTTPS://…?token=s3cret: cannot read the spec file (ENOENT)`, the URL's query (a token) in the
// CI log, where kalshi-codegen reads a scheme in any case (RFC 3986 §3.1: schemes are case-insensitive) and names a
// URL without its query. In process (the scripts' own functions): no spawn, nothing leaves the machine (port 9 on
// loopback refuses).
const LIB = resolve(import.meta.dirname, '../../../../scripts/lib/specs.mjs');
interface Source {
  readonly kind: 'file' | 'url';
  readonly name: string;
}
const { resolveSource, fetchSource, SPECS } = (await import(LIB)) as {
  resolveSource(spec: unknown, options: { from?: string }): Source;
  fetchSource(source: Source): Promise<string>;
  SPECS: readonly unknown[];
};

describe('a spec source whose scheme is written in capitals', () => {
  it.each(['HTTPS://127.0.0.1:9/openapi.yaml?token=s3cret', 'Http://127.0.0.1:9/openapi.yaml?token=s3cret'])(
    '%s is a URL, named without its query when it cannot be read',
    { timeout: 60_000 },
    async (from) => {
      const source = resolveSource(SPECS[0], { from });
      expect(source.kind).toBe('url');
      const error = (await fetchSource(source).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^https?:\/\/127\.0\.0\.1:9\/openapi\.yaml\?…: cannot download the spec/);
      expect(error.message).not.toContain('s3cret');
    },
  );
});

import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with chromium.mjs (the real-browser run in .ci/run)
import { bundlePage } from './bundle-page.mjs';

interface Metafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

interface Bundle {
  errors: { text: string }[];
  metafile: Metafile;
  outputFiles: { text: string }[];
}

/** The bundle, or (when esbuild refuses, e.g. "Could not resolve") its errors' texts for the assertion to show. */
async function bundled(options?: { platform?: string; conditions?: string[]; source?: string }): Promise<Bundle> {
  return bundlePage(options).catch((error: { errors?: { text: string }[] }) => ({ errors: error.errors ?? [error] }));
}

function nodeImports({ inputs }: Metafile): string[] {
  return Object.entries(inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => i.path.startsWith('node:')).map((i) => `${file} → ${i.path}`),
  );
}

const NODE_IMPORT = /(from\s*|import\s*\(\s*|require\s*\(\s*)["']node:/;

// What an app's bundler does with the published entries for a page: esbuild --platform=browser, no flags, nothing
// external. A node:* import anywhere reachable fails the build ("Could not resolve") or would break in the browser.
it('bundles the client (REST and /ws) for the browser with no node: import left, signing through WebCrypto', async () => {
  const result = await bundled();
  expect(result.errors).toEqual([]);
  expect(nodeImports(result.metafile)).toEqual([]);
  const code: string = result.outputFiles[0]?.text ?? '';
  expect(code).not.toMatch(NODE_IMPORT);
  // The `browser` export condition picked @org/kalshi-auth's WebCrypto build.
  expect(Object.keys(result.metafile.inputs).some((file) => file.endsWith('auth/dist/browser/index.mjs'))).toBe(true);
  expect(code).toContain('crypto?.subtle');
}, 60_000);

// Round 24 trial, D4: Next.js/Vercel Edge resolves exports with `edge-light` (vercel/next.js#66808 dropped `worker`),
// Cloudflare's workerd with `workerd`; with neither condition in the exports, auth's Node build (dynamic
// node:fs/promises and node:crypto imports) was picked and the bundle failed.
describe.each([['edge-light'], ['workerd']])('an edge bundler resolving only the %s condition', (condition) => {
  it('bundles the client (REST and /ws) with WebCrypto signing and no node: import', async () => {
    const result = await bundled({ platform: 'neutral', conditions: [condition] });
    expect(result.errors.map((e) => e.text)).toEqual([]);
    expect(nodeImports(result.metafile)).toEqual([]);
    expect(result.outputFiles[0]?.text).not.toMatch(NODE_IMPORT);
    expect(Object.keys(result.metafile.inputs).some((file) => file.endsWith('auth/dist/browser/index.mjs'))).toBe(true);
  }, 60_000);
});

// Round 24 trial, D8: `ws` is an optional peer that a page never loads (a browser's WebSocket refuses first), yet the
// dynamic import('ws') made webpack warn "Can't resolve 'ws'" and Rollup "Unresolved dependencies: ws" for any page
// importing @org/kalshi-client/ws, even OrderBook alone. The browser build has no import of it to resolve.
describe.each([
  ['OrderBook alone', "export { OrderBook } from '@org/kalshi-client/ws';"],
  ['the whole entry', "export * from '@org/kalshi-client/ws';"],
])("a page bundling @org/kalshi-client/ws's %s", (_name, source) => {
  it("has no reference to the 'ws' package", async () => {
    const result = await bundled({ source });
    expect(result.errors.map((e) => e.text)).toEqual([]);
    const wsInputs = Object.entries(result.metafile.inputs).flatMap(([file, input]) => [
      ...(file.includes('node_modules/ws/') ? [file] : []),
      ...input.imports.filter((i) => i.path === 'ws' || i.path.includes('node_modules/ws/')).map((i) => i.path),
    ]);
    expect(wsInputs).toEqual([]);
    // A statement or call, not the error messages that name the package ("import { WebSocket } from 'ws'").
    expect(result.outputFiles[0]?.text).not.toMatch(/from\s*["']ws["']\s*;|(import|require)\s*\(\s*["']ws["']\s*\)/);
  }, 60_000);
});

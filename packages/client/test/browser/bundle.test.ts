import { expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with chromium.mjs (the real-browser run in .ci/run)
import { bundlePage } from './bundle-page.mjs';

interface Metafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

// What an app's bundler does with the published entries for a page: esbuild --platform=browser, no flags, nothing
// external. A node:* import anywhere reachable fails the build ("Could not resolve") or would break in the browser.
it('bundles the client (REST and /ws) for the browser with no node: import left, signing through WebCrypto', async () => {
  const result = await bundlePage();
  expect(result.errors).toEqual([]);
  const { inputs } = result.metafile as Metafile;
  const nodeImports = Object.entries(inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => i.path.startsWith('node:')).map((i) => `${file} → ${i.path}`),
  );
  expect(nodeImports).toEqual([]);
  const code: string = result.outputFiles[0].text;
  expect(code).not.toMatch(/(from\s*|import\s*\(\s*|require\s*\(\s*)["']node:/);
  // The `browser` export condition picked @org/kalshi-auth's WebCrypto build.
  expect(Object.keys(inputs).some((file) => file.endsWith('auth/dist/browser/index.mjs'))).toBe(true);
  expect(code).toContain('crypto?.subtle');
}, 60_000);

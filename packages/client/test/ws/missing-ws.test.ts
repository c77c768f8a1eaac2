// Attack round 33 (C): without the optional `ws` peer (and no WebSocket class passed), the stream's error told every
// user to run `pnpm add ws`, npm's and yarn's users included. The package manager running the app says who it is in
// `npm_config_user_agent` (npm, pnpm, yarn and bun all set it: "pnpm/10.34.9 npm/? node/v20.20.0 linux x64"); the hint
// names that one's command, and none in particular when it is unset (`node app.js`).
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.doUnmock('ws');
  vi.resetModules();
});

async function hint(userAgent: string | undefined): Promise<string> {
  vi.stubEnv('npm_config_user_agent', userAgent);
  vi.resetModules();
  vi.doMock('ws', () => {
    throw new Error("Cannot find package 'ws'");
  });
  const { loadWs } = await import('../../src/ws/load-ws');
  return loadWs().then(
    () => 'loaded',
    (error: Error) => error.message,
  );
}

it.each([
  ['npm/10.8.2 node/v20.20.0 linux x64 workspaces/false', 'npm install ws'],
  ['pnpm/10.34.9 npm/? node/v20.20.0 linux x64', 'pnpm add ws'],
  ['yarn/4.5.0 npm/? node/v20.20.0 linux x64', 'yarn add ws'],
  ['bun/1.2.0 npm/? node/v22.6.0 linux x64', 'bun add ws'],
])("names the running package manager's command: %s", async (userAgent, command) => {
  const message = await hint(userAgent);
  expect(message).toContain(`(${command})`);
  expect(message).toContain('pass a WebSocket constructor that accepts headers');
});

it('names no package manager when none is running the app', async () => {
  const message = await hint(undefined);
  expect(message).toContain("install the 'ws' package");
  expect(message).not.toMatch(/pnpm|yarn|bun/);
});

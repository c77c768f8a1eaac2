// The `ws` package (an optional peer dependency), loaded only where no WebSocket class that sends headers was passed
// or found. The browser/edge build has load-ws.browser.ts in its place, with no import of 'ws' for bundlers to resolve.
import { optionalEnv } from '../env-var';
import { KalshiError } from '../errors';
import type { StreamSocketConstructor } from './socket';

export async function loadWs(): Promise<StreamSocketConstructor> {
  try {
    const ws = await import('ws');
    return (ws.WebSocket ?? ws.default) as unknown as StreamSocketConstructor;
  } catch (cause) {
    throw new KalshiError(
      `WebSocket: install the 'ws' package${installCommand()} or pass a WebSocket constructor that accepts headers`,
      { cause },
    );
  }
}

/**
 * ` (npm install ws)` in the words of the package manager running the app, which names itself first in
 * `npm_config_user_agent` ("pnpm/10.34.9 npm/? node/v20.20.0 linux x64"); '' when none is (`node app.js`): a
 * command of another one would be the wrong advice.
 */
function installCommand(): string {
  const manager = /^(npm|pnpm|yarn|bun)\//.exec(optionalEnv('npm_config_user_agent') ?? '')?.[1];
  return manager ? ` (${manager} ${manager === 'npm' ? 'install' : 'add'} ws)` : '';
}

import { defineConfig } from 'tsdown';
import { browserConfig, packageConfig } from '../../tsdown.base';

// The `browser`/`worker`/`edge-light`/`workerd` export (dist/browser/index.mjs) is the same main entry built with
// each module's `.browser.ts` twin in its place (runtime.ts, node-backend.ts): no node:* import anywhere in it, so
// bundlers pick WebCrypto signing without flags, and node:crypto's signing code is not shipped to pages.
export default defineConfig([
  packageConfig(['src/index.ts', 'src/node.ts']),
  browserConfig(['src/index.ts'], ['./runtime', './node-backend']),
]);

import { packageConfig } from '../../tsdown.base';

// deno-broadcast-channel is an entry of its own so that it stays a module of its own, imported (and run) before msw.
export default packageConfig([
  'src/index.ts',
  'src/node.ts',
  'src/vitest.ts',
  'src/cli.ts',
  'src/deno-broadcast-channel.ts',
]);

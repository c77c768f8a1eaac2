// Run by Deno (deno-exit.test.ts): the README's Deno path, startKalshiMockServer with a request then close(), plus a
// bare createKalshiMock disposed and setupKalshiMockServer listening then closed. Prints "closed" last; the process
// must then end by itself.
import { createKalshiMock } from '../../../dist/index.mjs';
import { setupKalshiMockServer, startKalshiMockServer } from '../../../dist/node.mjs';

createKalshiMock().dispose();
const kalshi = setupKalshiMockServer();
kalshi.listen();
kalshi.server.close();
const server = await startKalshiMockServer({ port: 0 });
const response = await fetch(`${server.url}/exchange/status`);
console.log(`status ${response.status}`, JSON.stringify(await response.json()));
await server.close();
console.log('closed');

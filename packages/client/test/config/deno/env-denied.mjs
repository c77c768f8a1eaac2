// Run by Deno without --allow-env (deno-env.test.ts): what createKalshiClient and createKalshiStream do when every read
// of the environment is refused. Prints one JSON line.
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { createKalshiClient } from '../../../dist/index.mjs';
import { createKalshiStream } from '../../../dist/ws/index.mjs';

const outcome = (promise) =>
  promise.then(
    () => 'created',
    (error) => `${error?.name} ${error?.code ?? ''} cause=${error?.cause?.name}`.trim(),
  );
const { keyId, privateKeyPem } = generateKeyPairSync();
const base = 'http://127.0.0.1:9/trade-api/v2';
console.log(
  JSON.stringify({
    public: await outcome(createKalshiClient({ baseUrl: base })),
    explicit: await outcome(createKalshiClient({ baseUrl: base, credentials: { keyId, privateKey: privateKeyPem } })),
    env: await outcome(createKalshiClient({ baseUrl: base, credentials: 'env' })),
    stream: await outcome(createKalshiStream({ url: 'ws://127.0.0.1:9/trade-api/ws/v2', credentials: 'env' })),
  }),
);

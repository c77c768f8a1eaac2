import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { RATE_LIMIT_TIERS, type UsageTier } from './generated/rate-limits';
import { startKalshiMockServer } from './server';

const USAGE =
  "Usage: kalshi-mock serve [--port 0] [--host 127.0.0.1] [--seed N] [--credentials-out FILE] [--rate-limit TIER]\n(TIER: basic, advanced, premier, paragon or prime: Kalshi's token buckets, 429 when empty)\n(REST at /trade-api/v2 and the WebSocket API at /trade-api/ws/v2 on the same port)";

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'serve') throw new Error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      'credentials-out': { type: 'string' },
      'rate-limit': { type: 'string' },
    },
  });
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: "${values.port}" is not a port number`);
  if (!Number.isInteger(seed)) throw new Error(`--seed: "${values.seed}" is not an integer`);
  const tier = values['rate-limit'];
  if (tier !== undefined && !Object.hasOwn(RATE_LIMIT_TIERS, tier))
    throw new Error(`--rate-limit: "${tier}" is not a tier (${Object.keys(RATE_LIMIT_TIERS).join(', ')})`);
  const server = await startKalshiMockServer({
    port,
    host: values.host,
    seed,
    rateLimit: tier as UsageTier | undefined,
  });
  if (values['credentials-out']) {
    const { keyId, privateKeyPem } = server.mock.credentials;
    await writeFile(values['credentials-out'], `${JSON.stringify({ keyId, privateKeyPem }, null, 2)}\n`, {
      mode: 0o600,
    });
  }
  console.log(`listening on ${server.url}`);
  console.log(`streaming on ${server.streamUrl}`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`kalshi-mock: ${(error as Error).message}`);
  process.exitCode = 1;
});

import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type CaptureClient, captureDataset } from './capture';
import { loadDatasetFile } from './dataset-load';
import { RATE_LIMIT_TIERS, type UsageTier } from './generated/rate-limits';
import { checkCorsOrigin, withCorsDefault } from './http/cors';
import { startKalshiMockServer } from './server';

const USAGE =
  'Usage: kalshi-mock serve [--port 0] [--host 127.0.0.1] [--seed N] [--credentials-out FILE] [--cors [ORIGIN]]\n' +
  '                         [--rate-limit TIER] [--activity ORDERS_PER_SECOND [--activity-markets T1,T2]]\n' +
  '                         [--dataset FILE] [--users N --users-out FILE]\n' +
  '       kalshi-mock capture --env demo|production|URL --out FILE [--series S1,S2] [--limit EVENTS] [--trades N]\n' +
  '(REST at /trade-api/v2 and the WebSocket API at /trade-api/ws/v2 on the same port; TIER: basic, advanced,\n' +
  "premier, paragon or prime: Kalshi's token buckets, 429 when empty; --activity: synthetic accounts place, take\n" +
  'and cancel orders, seeded by --seed)';

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command !== 'serve' && command !== 'capture')
    throw new Error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  // `kalshi-mock serve --help` (or capture's): the usage, as for `kalshi-mock --help`, not "Unknown option".
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (command === 'capture') return capture(rest);
  const { values } = parseArgs({
    args: withCorsDefault(rest),
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      'credentials-out': { type: 'string' },
      cors: { type: 'string' },
      'rate-limit': { type: 'string' },
      activity: { type: 'string' },
      'activity-markets': { type: 'string' },
      dataset: { type: 'string' },
      users: { type: 'string' },
      'users-out': { type: 'string' },
    },
  });
  const port = decimal(values.port, /^\d{1,5}$/, 0, 65535, '--port', 'a port number (a decimal integer 0–65535)');
  const seed = decimal(
    values.seed,
    /^-?\d+$/,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    '--seed',
    'an integer',
  );
  const cors = values.cors === undefined ? undefined : checkCorsOrigin(values.cors);
  const tier = values['rate-limit'];
  // Named by spec 3.31.0 (GET /account/limits) without budgets: kalshi-api-notes §8.1 records five tiers only.
  if (tier === 'expert' || tier === 'prestige')
    throw new Error(
      `--rate-limit: Kalshi has not published the "${tier}" tier's budgets (use basic, advanced, premier, paragon or prime, or the library's rateLimit option with { read, write } buckets from your GET /account/limits answer)`,
    );
  if (tier !== undefined && !Object.hasOwn(RATE_LIMIT_TIERS, tier))
    throw new Error(`--rate-limit: "${tier}" is not a tier (${Object.keys(RATE_LIMIT_TIERS).join(', ')})`);
  const rate = values.activity === undefined ? undefined : Number(values.activity);
  if (rate !== undefined && !(rate > 0 && Number.isFinite(rate)))
    throw new Error(`--activity: "${values.activity}" is not a positive number of orders per second`);
  if (values['activity-markets'] !== undefined && rate === undefined)
    throw new Error('--activity-markets needs --activity');
  const markets = values['activity-markets']?.split(',').filter(Boolean);
  const activity = rate === undefined ? undefined : { seed, ordersPerSecond: rate, markets };
  const users =
    values.users === undefined
      ? undefined
      : decimal(values.users, /^\d+$/, 1, 100, '--users', 'a whole number of accounts between 1 and 100');
  if ((users === undefined) !== (values['users-out'] === undefined))
    throw new Error("--users and --users-out go together (the file receives the accounts' keys)");
  const dataset = values.dataset
    ? await loadDatasetFile(values.dataset).catch((error: NodeJS.ErrnoException) => {
        throw error.code ? new Error(`--dataset: cannot read ${values.dataset} (${reason(error)})`) : error;
      })
    : undefined;
  const server = await startKalshiMockServer({
    port,
    host: values.host,
    seed,
    cors,
    rateLimit: tier as UsageTier | undefined,
    activity,
    dataset,
    users,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.syscall === 'listen' || error.syscall === 'getaddrinfo') {
      const option = error.code === 'EADDRINUSE' || error.code === 'EACCES' ? '--port' : '--host';
      throw new Error(`${option}: cannot listen on ${values.host}:${port} (${error.code ?? error.message})`);
    }
    // The library's option names, as the command line spells them.
    throw new Error(error.message.replace(/^activity\.markets:/, '--activity-markets:'));
  });
  try {
    // privateKey for createKalshiClient; privateKeyPem for tools written against the file's first format.
    const { keyId, privateKey, privateKeyPem } = server.mock.credentials;
    await writeOption('--credentials-out', values['credentials-out'], { keyId, privateKey, privateKeyPem });
    await writeOption('--users-out', values['users-out'], server.mock.users);
  } catch (error) {
    // Not half started: nothing is left listening with a key nobody received.
    await server.close();
    throw error;
  }
  console.log(`listening on ${server.url}`);
  console.log(`streaming on ${server.streamUrl}`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * An option's decimal integer within bounds. Number() alone would also take `0x10`, `1e4`, ` 8 ` and an empty string
 * (as 0: an unset `--port=$PORT` would pick a random port).
 */
function decimal(value: string, pattern: RegExp, min: number, max: number, option: string, what: string): number {
  const number = Number(value);
  if (!pattern.test(value) || !Number.isSafeInteger(number) || number < min || number > max)
    throw new Error(`${option}: "${value}" is not ${what}`);
  return number;
}

/** `Error: ENOENT: no such file or directory, open '/x'` as `ENOENT: no such file or directory`. */
const reason = (error: NodeJS.ErrnoException) => error.message.split(',')[0] ?? String(error.code);

/**
 * Writes an output file an option names (owner-only: it holds private keys), naming the option if it cannot. The keys
 * go into a new 0600 file renamed over the old one: an existing file (a previous run's, a `touch`ed 0644 one) is never
 * written into, so a descriptor someone opened on it while it was readable sees none of them. (A symlink is replaced,
 * not followed.)
 */
async function writeOption(option: string, file: string | undefined, content: unknown): Promise<void> {
  if (!file) return;
  const fresh = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    // `wx`: created here, by us, with mode 0600 (never an existing file or a planted link).
    await writeFile(fresh, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(fresh, file);
  } catch (error) {
    await rm(fresh, { force: true });
    throw new Error(`${option}: cannot write ${file} (${reason(error as NodeJS.ErrnoException)})`);
  }
}

/** `capture`: public market data through @org/kalshi-client (the user's install) into a dataset file. */
async function capture(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      env: { type: 'string' },
      out: { type: 'string' },
      series: { type: 'string' },
      limit: { type: 'string', default: '5' },
      trades: { type: 'string', default: '20' },
    },
  });
  if (!values.env) throw new Error(`capture: --env is required (demo, production or a base URL)\n${USAGE}`);
  if (!values.out) throw new Error(`capture: --out is required\n${USAGE}`);
  const limit = decimal(values.limit, /^\d+$/, 1, Number.MAX_SAFE_INTEGER, '--limit', 'a positive integer');
  const trades = decimal(values.trades, /^\d+$/, 0, Number.MAX_SAFE_INTEGER, '--trades', 'a whole number');
  const { createKalshiClient } = await importClient();
  const target =
    values.env === 'demo' || values.env === 'production' ? { environment: values.env } : { baseUrl: values.env };
  const client = await createKalshiClient(target);
  const dataset = await captureDataset(client, {
    series: values.series?.split(',').filter(Boolean),
    limit,
    trades,
    source: values.env,
  });
  await writeFile(values.out, `${JSON.stringify(dataset, null, 2)}\n`);
  console.log(
    `captured ${dataset.series.length} series, ${dataset.events.length} events, ${dataset.markets.length} markets into ${values.out}`,
  );
}

/** @org/kalshi-client as the user's project has it installed (resolved from the working directory), else beside us. */
async function importClient(): Promise<{
  createKalshiClient: (options: { environment?: string; baseUrl?: string }) => Promise<CaptureClient>;
}> {
  try {
    const resolved = createRequire(join(process.cwd(), 'package.json')).resolve('@org/kalshi-client');
    return await import(pathToFileURL(resolved).href);
  } catch {
    try {
      return await import('@org/kalshi-client' as string);
    } catch {
      throw new Error('capture reads Kalshi through @org/kalshi-client: install it (npm install @org/kalshi-client)');
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`kalshi-mock: ${(error as Error).message}`);
  // Exit even if something the failed start opened is still pending: a harness waits for the exit or `listening on`.
  process.exit(1);
});

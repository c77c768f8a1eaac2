import { constants } from 'node:fs';
import { access, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CaptureClient, captureDataset } from './capture';
import type { UsageTier } from './generated/rate-limits';
import { isLoopbackHost } from './http/control-guard';
import { withCorsDefault } from './http/cors';
import type { KalshiMockServerOptions } from './server';
import { suggestion } from './shared/control-schema';
import {
  checkCorsOrigin,
  checkInteger,
  checkRateLimit,
  checkUsageTier,
  type IntegerRule,
  PORT,
  SEED,
} from './shared/options';

/** The commands `kalshi-mock` takes. */
const COMMANDS: ReadonlySet<string> = new Set(['serve', 'capture']);

const USAGE =
  'Usage: kalshi-mock serve [--port 0] [--host 127.0.0.1] [--seed N] [--credentials-out FILE] [--cors [ORIGIN]]\n' +
  '                         [--rate-limit TIER | --usage-tier TIER] [--activity ORDERS_PER_SECOND\n' +
  '                         [--activity-markets T1,T2]] [--dataset FILE] [--users N --users-out FILE] [--keep-key]\n' +
  '       kalshi-mock capture --env demo|production|URL --out FILE [--series S1,S2] [--limit EVENTS] [--trades N]\n' +
  '(REST at /trade-api/v2 and the WebSocket API at /trade-api/ws/v2 on the same port; TIER: basic, advanced,\n' +
  "premier, paragon or prime: Kalshi's token buckets, 429 when empty; --usage-tier: the account's tier (GET\n" +
  '/account/limits, tier-gated endpoints) without metering: only a request costing more than its bucket holds is\n' +
  '429; --activity: synthetic accounts place, take and cancel orders, seeded by --seed; --keep-key: serve again the\n' +
  'keys --credentials-out and --users-out files already hold, so that a restart keeps them)';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * An argument as a refusal names it: as typed, or JSON-quoted when it is empty or holds whitespace, a quote or a
 * control character, so that the refusal stays one line and names exactly what was typed.
 */
const shown = (arg: string) => (arg === '' || /[\s"'`\p{Cc}]/u.test(arg) ? JSON.stringify(arg) : arg);

/**
 * The options given; undefined when `--help` or `-h` is one of them (an option, not an option's value nor an argument
 * after `--`), even beside a bad one. Otherwise the first bad argument is refused in the one line every bad option
 * gets, `--option: what was wrong`: an option the command does not take, an option without its value (a value that
 * starts with "-" is written `--option=-5`, as node:util's strict parsing wants it), or an argument that is not an
 * option.
 */
function flags<const T extends Options>(args: string[], options: T) {
  // Not strict: node:util's refusals quote the argument in their own words; the tokens say what each argument is.
  const { values, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && (t.rawName === '--help' || t.rawName === '-h'))) return undefined;
  for (const token of tokens) {
    if (token.kind === 'positional')
      throw new Error(`${shown(token.value)}: not an option (kalshi-mock --help lists them)`);
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    // A near miss names the option meant (`--prot`: did you mean "--port"?), as the library's options do.
    // Matched on the bare name (the dashes would make every miss look close).
    const near = token.rawName.startsWith('--')
      ? suggestion(token.name, new Set(Object.keys(options))).replace('"', '"--')
      : '';
    if (!option) throw new Error(`${shown(token.rawName)}: unknown option${near} (kalshi-mock --help lists them)`);
    if (option.type !== 'string') {
      if (token.inlineValue) throw new Error(`${shown(token.rawName)}: takes no value`);
      continue;
    }
    if (token.value === undefined) throw new Error(`${shown(token.rawName)}: needs a value`);
    // `--port -h`, `--seed --port 80`: the next option, not a value (node:util takes it as one when not strict).
    if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-'))
      throw new Error(`${shown(token.rawName)}: needs a value (${token.rawName}=VALUE for one that starts with "-")`);
  }
  // Every option is one of `options`, each string option with its string.
  return values as ReturnType<typeof parseArgs<{ args: string[]; options: T }>>['values'];
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command !== 'serve' && command !== 'capture')
    throw new Error(
      command !== undefined
        ? `unknown command ${JSON.stringify(command)}${suggestion(command, COMMANDS)}\n${USAGE}`
        : USAGE,
    );
  if (command === 'capture') return capture(rest);
  const values = flags(withCorsDefault(rest), {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    'credentials-out': { type: 'string' },
    cors: { type: 'string' },
    'rate-limit': { type: 'string' },
    'usage-tier': { type: 'string' },
    activity: { type: 'string' },
    'activity-markets': { type: 'string' },
    dataset: { type: 'string' },
    users: { type: 'string' },
    'users-out': { type: 'string' },
    'keep-key': { type: 'boolean' },
  });
  // `kalshi-mock serve --help` (or capture's): the usage, as for `kalshi-mock --help`, not "unknown option".
  if (!values) return console.log(USAGE);
  // The library's checks (shared/options.ts), naming the flags.
  const port = decimal(values.port, /^\d{1,5}$/, '--port', PORT);
  const seed = decimal(values.seed, /^-?\d+$/, '--seed', SEED);
  const cors = values.cors === undefined ? undefined : checkCorsOrigin('--cors', values.cors);
  const tier = values['rate-limit'];
  if (tier !== undefined) checkRateLimit('--rate-limit', tier);
  const usageTier = values['usage-tier'];
  if (usageTier !== undefined) checkUsageTier('--usage-tier', usageTier, '--rate-limit', tier);
  // A plain decimal number: Number() alone would also take ` 5 `, `0x10`, `1e1` and `Infinity`, as decimal() says.
  const rate =
    values.activity === undefined
      ? undefined
      : /^(\d+(\.\d*)?|\.\d+)$/.test(values.activity)
        ? Number(values.activity)
        : Number.NaN;
  if (rate !== undefined && !(rate > 0 && Number.isFinite(rate)))
    throw new Error(`--activity: ${JSON.stringify(values.activity)} is not a positive number of orders per second`);
  if (values['activity-markets'] !== undefined && rate === undefined)
    throw new Error('--activity-markets needs --activity');
  const markets = values['activity-markets']?.split(',').filter(Boolean);
  const activity = rate === undefined ? undefined : { seed, ordersPerSecond: rate, markets };
  const users =
    values.users === undefined
      ? undefined
      : decimal(values.users, /^\d+$/, '--users', {
          min: 1,
          max: 100,
          what: 'a whole number of accounts between 1 and 100',
        });
  if ((users === undefined) !== (values['users-out'] === undefined))
    throw new Error("--users and --users-out go together (the file receives the accounts' keys)");
  // A file each: one named twice would keep only the last written (the users' keys renamed over the credentials, or
  // the keys over the dataset just read: a capture that took minutes).
  const files = [];
  for (const name of ['dataset', 'credentials-out', 'users-out'] as const)
    if (values[name] !== undefined) files.push({ name, file: values[name], path: await realPath(values[name]) });
  for (const [i, later] of files.entries()) {
    const earlier = files.slice(0, i).find((f) => f.path === later.path);
    if (earlier)
      throw new Error(`--${later.name}: ${later.file} is the file --${earlier.name} names: give each its own file`);
  }
  if (values['keep-key'] && values['credentials-out'] === undefined)
    throw new Error('--keep-key needs --credentials-out (the file whose key a restart serves again)');
  // A restart serves the keys the files hold (absent files: new keys, written there as usual).
  const credentials = values['keep-key'] ? await keptKeys('--credentials-out', values['credentials-out']) : undefined;
  const keptUsers = values['keep-key'] ? await keptKeys('--users-out', values['users-out']) : undefined;
  if (keptUsers !== undefined && !Array.isArray(keptUsers))
    throw new Error(`--users-out: ${values['users-out']} is not the JSON list of keys kalshi-mock serve writes`);
  // The exchange, msw and the server load only now: `--help` and a refused option answer without them.
  const [{ loadDatasetFile }, { startKalshiMockServer }] = await Promise.all([
    import('./dataset-load'),
    import('./server'),
  ]);
  const dataset = values.dataset
    ? await loadDatasetFile(values.dataset).catch((error: NodeJS.ErrnoException) => {
        const cause = error.cause as NodeJS.ErrnoException | undefined;
        // Not JSON, or not a dataset: the library's message names the file (and the record and field).
        throw new Error(
          cause?.code ? `--dataset: cannot read ${values.dataset} (${reason(cause)})` : `--dataset: ${error.message}`,
        );
      })
    : undefined;
  const server = await startKalshiMockServer({
    port,
    host: values.host,
    seed,
    cors,
    rateLimit: tier as UsageTier | undefined,
    usageTier: usageTier as UsageTier | undefined,
    activity,
    dataset,
    users: keptUsers && users ? Array.from({ length: users }, (_, i) => ({ credentials: keptUsers[i] })) : users,
    credentials: credentials as KalshiMockServerOptions['credentials'],
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.syscall === 'listen' || error.syscall === 'getaddrinfo') {
      const option = error.code === 'EADDRINUSE' || error.code === 'EACCES' ? '--port' : '--host';
      // Deno's permission denied (server.ts asks for it before listening): what grants it.
      const code = error.code === 'NotCapable' ? 'NotCapable: run Deno with --allow-net' : error.code;
      throw new Error(`${option}: cannot listen on ${values.host}:${port} (${code ?? error.message})`);
    }
    // The library's option names, as the command line spells them; a kept key, with the file it came from.
    const file = /^credentials\b/.test(error.message) ? values['credentials-out'] : values['users-out'];
    throw new Error(
      error.message
        .replace(/^(activity\.markets|host):/, (_, name: string) => `--${name.replace('.', '-')}:`)
        .replace(/^(credentials|users\[\d+\]\.credentials)\b/, `--keep-key: ${file}: $1`),
    );
  });
  // privateKey for createKalshiClient; privateKeyPem for tools written against the file's first format;
  // mockServerUrl (the server's url) keeps a client holding the key from Kalshi's real hosts.
  const written = (async () => {
    await writeOption('--credentials-out', values['credentials-out'], server.mock.credentials);
    await writeOption('--users-out', values['users-out'], server.mock.users);
  })();
  // Stopping is set up before the key files are written: a Ctrl-C or SIGTERM while one is written waits for it (its
  // 0600 `.tmp` copy renamed or removed, never left beside the file with a key), then stops. A failed write stops it
  // below instead, with exit 1.
  const stop = () => {
    written.then(
      () => server.close().then(() => process.exit(0)),
      () => undefined,
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await written;
  } catch (error) {
    // Not half started: nothing is left listening with a key nobody received.
    await server.close();
    throw error;
  }
  // On stderr, before the lines on stdout, which tests and users parse and which stay as they are.
  const exposed = exposureWarning(values.host);
  if (exposed) console.error(exposed);
  console.log(`listening on ${server.url}`);
  console.log(`streaming on ${server.streamUrl}`);
}

/**
 * What `--host HOST` opens to others, or undefined when HOST is loopback (round 24, A9). `/_mock/users` hands out
 * working private keys of this mock and the other control routes drive its exchange; they answer whoever reaches the
 * port (bound to 0.0.0.0 or ::, whatever Host they name: control-guard.ts). The mock's own API: the notes are silent.
 */
function exposureWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return (
    `kalshi-mock: warning: --host ${host} is not loopback: anyone who can reach this port can POST /_mock/users` +
    " for a working private key of this mock's accounts, and reset, fault or drive its exchange through the other" +
    ' /_mock/ routes. Bind 127.0.0.1 (the default) unless other machines must reach the mock.'
  );
}

/**
 * An option's decimal integer within bounds. Number() alone would also take `0x10`, `1e4`, ` 8 ` and an empty string
 * (as 0: an unset `--port=$PORT` would pick a random port).
 */
function decimal(value: string, pattern: RegExp, option: string, rule: IntegerRule): number {
  return checkInteger(option, pattern.test(value) ? Number(value) : Number.NaN, rule, JSON.stringify(value));
}

/**
 * `--keep-key`: the key (or, for --users-out, the keys) an earlier run wrote to `file`; undefined when there is no
 * such file yet. The library checks each key, naming it; a file that is not JSON is refused here, naming the option.
 */
async function keptKeys(option: string, file: string | undefined): Promise<unknown> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${option}: cannot read ${file} for --keep-key (${reason(error as NodeJS.ErrnoException)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${option}: ${file} is not the JSON key file kalshi-mock serve writes (--keep-key reads it)`);
  }
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
    // Its own failure (Deno denies rm without --allow-read) must not hide the write's, which names the option.
    await rm(fresh, { force: true }).catch(() => undefined);
    throw new Error(`${option}: cannot write ${file} (${reason(error as NodeJS.ErrnoException)})`);
  }
}

/** `capture`: public market data through @org/kalshi-client (the user's install) into a dataset file. */
async function capture(args: string[]): Promise<void> {
  const values = flags(args, {
    env: { type: 'string' },
    out: { type: 'string' },
    series: { type: 'string' },
    limit: { type: 'string', default: '5' },
    trades: { type: 'string', default: '20' },
  });
  if (!values) return console.log(USAGE);
  if (!values.env) throw new Error(`capture: --env is required (demo, production or a base URL)\n${USAGE}`);
  if (!values.out) throw new Error(`capture: --out is required\n${USAGE}`);
  // A word that is not demo or production (`prod`, `Demo`) is a misspelt environment, not a URL to refuse as baseUrl.
  if (values.env !== 'demo' && values.env !== 'production' && !/[:/]/.test(values.env))
    throw new Error(
      `--env: ${JSON.stringify(values.env)} is not demo, production or a base URL (http(s)://…/trade-api/v2)${suggestion(values.env, new Set(['demo', 'production']))}`,
    );
  const limit = decimal(values.limit, /^\d+$/, '--limit', {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    what: 'a positive integer',
  });
  const trades = decimal(values.trades, /^\d+$/, '--trades', {
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    what: 'a whole number',
  });
  const out = values.out;
  const unwritable = (error: unknown) =>
    new Error(`--out: cannot write ${out} (${reason(error as NodeJS.ErrnoException)})`);
  // Before the capture (minutes of requests), not after it: a folder that is not there.
  await access(dirname(out), constants.W_OK).catch((error: unknown) => {
    throw unwritable(error);
  });
  const [{ createKalshiClient }, { captureDataset, captureFailure }] = await Promise.all([
    importClient(),
    import('./capture'),
  ]);
  const env = values.env;
  const target = env === 'demo' || env === 'production' ? { environment: env } : { baseUrl: env };
  let dataset: Awaited<ReturnType<typeof captureDataset>>;
  try {
    const client = await createKalshiClient(target);
    dataset = await captureDataset(client, {
      series: values.series?.split(',').filter(Boolean),
      limit,
      trades,
      source: env,
    });
  } catch (error) {
    throw new Error(captureFailure(error, env));
  }
  await writeFile(out, `${JSON.stringify(dataset, null, 2)}\n`).catch((error: unknown) => {
    throw unwritable(error);
  });
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

/** A file's path with its links resolved (an output not yet written: its folder's), to tell one file named twice. */
async function realPath(file: string): Promise<string> {
  const path = resolve(file);
  return realpath(path).catch(() =>
    realpath(dirname(path)).then(
      (dir) => join(dir, basename(path)),
      () => path,
    ),
  );
}

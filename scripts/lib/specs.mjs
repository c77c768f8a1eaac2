// The specs this repo builds from, and how to find, fetch and check them. Used by spec-sync and spec-update.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_SPEC_DIR = resolve(ROOT, '../shared/spec');

/** One entry per spec; `env` names the variable that overrides its source. */
export const SPECS = [
  {
    name: 'openapi',
    title: 'REST (OpenAPI)',
    lock: join(ROOT, 'spec/kalshi-openapi.lock.json'),
    cache: join(ROOT, 'spec/.cache/kalshi-openapi.yaml'),
    shared: join(SHARED_SPEC_DIR, 'kalshi-openapi.yaml'),
    env: 'KALSHI_OPENAPI',
    url: 'https://docs.kalshi.com/openapi.yaml',
  },
  {
    name: 'asyncapi',
    title: 'WebSocket (AsyncAPI)',
    lock: join(ROOT, 'spec/kalshi-asyncapi.lock.json'),
    cache: join(ROOT, 'spec/.cache/kalshi-asyncapi.yaml'),
    shared: join(SHARED_SPEC_DIR, 'kalshi-asyncapi.yaml'),
    env: 'KALSHI_ASYNCAPI',
    url: 'https://docs.kalshi.com/asyncapi.yaml',
  },
];

/** A problem with a spec, a lock or a source, worded for the user (printed as one line, no stack). */
export class SpecError extends Error {
  name = 'SpecError';
}

/**
 * Runs a script's body; a SpecError, a CodegenError or a file-system error is printed as one line naming the file,
 * and the exit code is 1 (a SpecError's `exitCode` when it has one). Anything else is a bug in the script: printed
 * with its stack.
 */
export async function runScript(name, main) {
  try {
    await main();
  } catch (error) {
    const known = error instanceof SpecError || error?.name === 'CodegenError' || typeof error?.syscall === 'string';
    console.error(`${name}: ${known ? error.message : `internal error: ${error?.stack ?? error}`}`);
    // An interrupted run (spec:update, its files put back) exits 128 + the signal's number, as a shell reports it.
    process.exitCode = Number.isInteger(error?.exitCode) ? error.exitCode : 1;
  }
}

let codegen; // loadCodegen's import, once made

/**
 * The built @org/kalshi-codegen (its dist), built first if missing or older than its sources (a checkout pulled over
 * an old build would lack what the scripts call). Built by tsdown in its folder, as its own build script does (it has
 * no workspace dependency): through turbo it needed pnpm on the PATH, which `node scripts/spec-sync.mjs` does not
 * (round 36, D), and turbo would run spec:sync again (codegen's build depends on `//#spec`, turbo.json).
 */
export function loadCodegen() {
  // Once per process: each look walks codegen's sources (spec:check asks for it once per spec, then again).
  codegen ??= importCodegen();
  return codegen;
}

async function importCodegen() {
  const folder = join(ROOT, 'packages/codegen');
  const entry = join(folder, 'dist/index.mjs');
  const build = () =>
    spawnSync('npx', ['--no-install', 'tsdown', '--logLevel', 'warn'], { cwd: folder, stdio: 'inherit' });
  const current = existsSync(entry) && statSync(entry).mtimeMs >= newestSource(join(folder, 'src'));
  // A failed build may leave an older dist: not loaded, it would lack what its sources have (round 36's review).
  if (!current && (build().status !== 0 || !existsSync(entry)))
    throw new SpecError(
      `${relative(entry)} is missing or older than its sources and could not be built: run (cd packages/codegen && npx --no-install tsdown)`,
    );
  return import(entry);
}

/** The latest modification time of the files under `dir`, in milliseconds (0 without it: a dist alone is kept). */
function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const name of readdirSync(dir, { recursive: true }))
    newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  return newest;
}

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readLock(spec) {
  let lock;
  try {
    lock = JSON.parse(await readFile(spec.lock, 'utf8'));
  } catch (error) {
    throw new SpecError(`${relative(spec.lock)}: cannot read the spec lock (${error.code ?? error.message})`);
  }
  // JSON, but not a lock (a hand edit, a bad merge): compared as "sha256 undefined" it was reported as a new spec to
  // accept, and spec:update wrote it back without its source.
  const problem =
    lock === null || typeof lock !== 'object' || Array.isArray(lock)
      ? 'expected an object { source, version, sha256 }'
      : typeof lock.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(lock.sha256)
        ? '"sha256" must be 64 hex digits (lowercase)'
        : typeof lock.version !== 'string' || lock.version === ''
          ? '"version" must be a string'
          : typeof lock.source !== 'string' || lock.source === ''
            ? '"source" must be the spec\'s URL'
            : undefined;
  if (problem)
    throw new SpecError(
      `${relative(spec.lock)}: not a spec lock: ${problem}; restore it (git checkout ${relative(spec.lock)}) or accept a spec with pnpm spec:update`,
    );
  return lock;
}

/**
 * Where the spec comes from, in order: an explicit --from, then (with `preferCache`) spec/.cache when it matches the
 * lock, the env variable, ../shared/spec, the lock's URL. spec:sync prefers the cache, so `generate` after
 * `spec:update` builds from the spec just accepted rather than from an older copy elsewhere.
 * Returns `{ from, name, kind: 'file' | 'url', why }`.
 */
export function resolveSource(spec, { from, env = process.env, lock, preferCache = false }) {
  // `name`: how messages show it (fetchSource sets a URL's without its query: a `?token=` stays out of logs).
  // The scheme in any case, as kalshi-codegen reads it: `HTTPS://…` read as a path named its `?token=` in the error.
  const pick = (value, why) => ({ from: value, name: value, kind: /^https?:\/\//i.test(value) ? 'url' : 'file', why });
  if (from) return pick(from, '--from');
  if (preferCache && lock && existsSync(spec.cache) && sha256(readFileSync(spec.cache)) === lock.sha256)
    return pick(spec.cache, 'spec/.cache matches the lock');
  if (env[spec.env]) return pick(env[spec.env], spec.env);
  if (existsSync(spec.shared)) return pick(spec.shared, '../shared/spec');
  return pick(lock?.source ?? spec.url, 'lock URL');
}

/** Reads a spec from a file path or URL; returns its bytes as text. Errors name the source (a URL as `source.name`). */
export async function fetchSource(source) {
  // Through kalshi-codegen's download: plain http only to loopback (code is generated from the spec) and the URL
  // named without its password, query or fragment (a `?token=` stays out of CI logs).
  if (source.kind === 'url') {
    const spec = await (await loadCodegen()).readSpecFile(source.from);
    source.name = spec.file;
    return spec.text;
  }
  // pnpm (and npm) run a root script in the root, wherever it was typed: a relative --from is the typing folder's,
  // which they pass as INIT_CWD to the script they run (npm_lifecycle_event set; a script run by node keeps its cwd).
  const base = (process.env.npm_lifecycle_event && process.env.INIT_CWD) || process.cwd();
  const file = isAbsolute(source.from) ? source.from : resolve(base, source.from);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SpecError(`${source.from}: cannot read the spec file (${error.code ?? error.message})`);
  }
}

export async function writeCache(spec, text) {
  await mkdir(dirname(spec.cache), { recursive: true });
  await writeFile(spec.cache, text);
}

export function relative(path) {
  // ROOT followed by a separator: `<root>-old/spec.yaml` is a sibling's file, not `old/spec.yaml`.
  return path.startsWith(`${ROOT}${sep}`) ? path.slice(ROOT.length + 1) : path;
}

/** parseArgs with `--help`: prints the usage and exits 0; on a bad option prints the error and the usage, exits 2. */
export function parseCommandLine(usage, options) {
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

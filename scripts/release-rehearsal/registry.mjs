// A throwaway Verdaccio on loopback: @org/* live only here (publishes accepted, never proxied), everything else
// is proxied from the npm registry. Its storage, users and config sit in the rehearsal's temp dir.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RehearsalError, run, stopProcess, track } from './processes.mjs';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), 'registry-server.cjs');
const UPLINK = 'https://registry.npmjs.org/';

/** Starts the registry; resolves `{ url, token, stop }` once it answers, with a user able to publish @org/*. */
export async function startRegistry({ dir, verdaccio }) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `storage: ${JSON.stringify(join(dir, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, 'htpasswd'))}
    max_users: 1
uplinks:
  npmjs:
    url: ${UPLINK}
    timeout: 120s
    # A slow or dropped request to npm must not mark it offline for the rest of the rehearsal (default: 2 fails).
    max_fails: 1000
packages:
  '@org/*':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  '**':
    access: $all
    proxy: npmjs
web:
  enable: false
log: { type: stdout, format: pretty, level: error }
`,
  );
  const child = track(fork(SERVER, [verdaccio, config], { detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
  let log = '';
  child.stdout.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('exit', (code) => reject(new RehearsalError(`Verdaccio exited (${code}) before listening:\n${log}`)));
  });
  const url = `http://127.0.0.1:${port}/`;
  const response = await fetch(`${url}-/user/org.couchdb.user:rehearsal`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'rehearsal', password: 'rehearsal-only' }),
  });
  if (!response.ok) throw new RehearsalError(`Verdaccio refused the rehearsal user: ${response.status}`);
  const { token } = await response.json();
  return { url, token, stop: () => stopProcess(child), log: () => log };
}

/** Takes packages back out of the registry after their publish (`npm unpublish --force`), for `--unpublished`. */
export async function unpublish(names, { cwd, env }) {
  for (const name of names)
    await run('npm', ['unpublish', name, '--force'], { cwd, env, what: `npm unpublish ${name}` });
}

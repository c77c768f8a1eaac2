// Child processes for the rehearsal: each command in its own process group so a stop (failure, Ctrl-C, SIGTERM)
// ends it with everything it started, and one teardown that every exit path runs.
import { spawn } from 'node:child_process';

/** A step failed; `message` says which and why, in words a release manager can act on. */
export class RehearsalError extends Error {
  name = 'RehearsalError';
}

const running = new Set();
const teardowns = [];

/** Registers cleanup (stop the registry, remove temp dirs); run in reverse order by `teardown()`. */
export function onTeardown(fn) {
  teardowns.push(fn);
}

/** Ends every running command, then runs the registered cleanups (each once, errors ignored). */
export async function teardown() {
  await Promise.all([...running].map(stopProcess));
  while (teardowns.length) {
    try {
      await teardowns.pop()();
    } catch {
      // best effort: one failed cleanup must not keep the others from running
    }
  }
}

/** Stops a child started `detached` and its process group: SIGTERM, then SIGKILL after 5 s. */
export function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((done) => child.once('exit', done));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  return exited.finally(() => clearTimeout(timer));
}

/** Tracks a child spawned with `detached: true` so `teardown()` stops it and its process group. */
export function track(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/**
 * Runs a command to completion and returns its stdout; a non-zero exit throws a RehearsalError naming `what`,
 * with the output's last lines (or `explain(output)` when it recognises the failure).
 */
export function run(command, args, { cwd, env, what, explain = () => undefined }) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', (error) => reject(new RehearsalError(`${what}: cannot start ${command} (${error.message})`)));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      const reason = explain(output) ?? `exit ${code ?? signal}; last lines:\n${tail(output)}`;
      reject(new RehearsalError(`${what} failed: ${reason}`));
    });
  });
}

function tail(output, lines = 25) {
  return output
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * The environment for every command: the caller's, minus any npm/pnpm configuration it carries (a parent `pnpm`
 * run exports its registry and settings as npm_config_*), plus `extra`.
 */
export function cleanEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_config_|npm_package_|npm_lifecycle_|pnpm_config_)/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

/** Runs `teardown()` on SIGINT/SIGTERM/SIGHUP, then exits with the conventional 128+n code. */
export function teardownOnSignals() {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])
    process.once(signal, () => {
      console.error(`\nrelease rehearsal: ${signal}, stopping the registry and removing temporary files`);
      teardown().finally(() => process.exit(code));
    });
}

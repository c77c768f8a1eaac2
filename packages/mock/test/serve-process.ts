// `kalshi-mock serve …` in a child process, as users start it: shared by the tests of the command line. Every wait is
// on an event (its output, its exit), never a sleep; the tests that use it give themselves generous timeouts.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../bin/kalshi-mock.mjs');

export interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:PORT/trade-api/v2`, as printed. */
  readonly url: string;
  /** `ws://127.0.0.1:PORT/trade-api/ws/v2`, as printed. */
  readonly streamUrl: string;
  /** Sends `signal` (default SIGTERM) unless it has exited; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `kalshi-mock serve ARGS`; resolves once it has printed both URLs, rejects (with its output) if it exits. */
export function spawnServe(args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args]);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      const streamUrl = /streaming on (\S+)/.exec(out)?.[1];
      if (url && streamUrl) done({ child, url, streamUrl, stop });
    });
    void exited.then((code) => fail(new Error(`kalshi-mock serve ${args.join(' ')} exited ${code}: ${err || out}`)));
  });
}

/**
 * Runs `kalshi-mock serve ARGS` that is expected to stop by itself (a refused option): its exit code and stderr. One
 * that starts serving instead is stopped with SIGKILL at once (its code is then null), so such a test fails fast.
 */
export async function serveUntilExit(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('listening on')) child.kill('SIGKILL');
  });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  return { code, stderr };
}

import { constants } from 'node:os';

/** The signals that end a run from outside: a Ctrl-C (SIGINT), a CI runner's stop (SIGTERM). */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs `work` with SIGINT and SIGTERM held: while it runs they do not end the process, and `held()` returns the first
 * one that came, so `work` can stop between two writes and put back what it wrote. Node's default (ending the process
 * at once) is restored when `work` ends. Used by `generate` and by the repo's `spec:update` script.
 */
export async function holdingSignals<T>(work: (held: () => NodeJS.Signals | undefined) => Promise<T>): Promise<T> {
  let first: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    first ??= signal;
  };
  for (const signal of SIGNALS) process.on(signal, hold);
  try {
    return await work(() => first);
  } finally {
    for (const signal of SIGNALS) process.off(signal, hold);
  }
}

/** The exit status a shell reports for a process `signal` ended: 128 + the signal's number (SIGINT 130, SIGTERM 143). */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0);

import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { spawnServe } from '../serve-process';

// `--credentials-out FILE` and `--users-out FILE` write private keys, so the files are owner-only (0600) whatever was
// there before: a previous run's output, a `touch`ed file, one created under umask 022 in a shared CI workspace. A mode
// given to writeFile only applies when it creates the file. (A CLI matter: the notes are silent.) Spawns a process: a
// generous timeout, waits on events only.
it('kalshi-mock serve makes existing --credentials-out and --users-out files owner-only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-mode-'));
  const credentials = join(dir, 'creds.json');
  const usersOut = join(dir, 'users.json');
  for (const file of [credentials, usersOut]) {
    writeFileSync(file, '{}\n');
    chmodSync(file, 0o644);
  }
  // Verifier report V-D3: whoever opened the old file while it was readable (another user, another process) must not
  // read the key through that descriptor: the key goes to a new file, never into the old one.
  const heldOpen = openSync(credentials, 'r');
  const args = ['--port', '0', '--credentials-out', credentials, '--users', '1', '--users-out', usersOut];
  const { stop } = await spawnServe(args);
  try {
    for (const file of [credentials, usersOut]) {
      expect(readFileSync(file, 'utf8')).toContain('PRIVATE KEY-----');
      // Windows has no POSIX modes (stat reports 0666 or 0444 there): only the key being written is checked.
      if (process.platform !== 'win32') expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    }
    const seen = Buffer.alloc(64 * 1024);
    const bytes = readSync(heldOpen, seen, 0, seen.length, 0);
    expect(seen.subarray(0, bytes).toString('utf8')).toBe('{}\n');
  } finally {
    closeSync(heldOpen);
    await stop();
  }
}, 90_000);

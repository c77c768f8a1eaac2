import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  const args = ['--port', '0', '--credentials-out', credentials, '--users', '1', '--users-out', usersOut];
  const { stop } = await spawnServe(args);
  try {
    for (const file of [credentials, usersOut]) {
      expect(readFileSync(file, 'utf8')).toContain('PRIVATE KEY-----');
      // Windows has no POSIX modes (stat reports 0666 or 0444 there): only the key being written is checked.
      if (process.platform !== 'win32') expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    }
  } finally {
    await stop();
  }
}, 90_000);

import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigner } from '@org/kalshi-auth';
import { expect, it } from 'vitest';
import { serveUntilExit, spawnServe } from '../serve-process';

// `kalshi-mock serve --users N --users-out FILE`: N more accounts, their keys in FILE; the single-account
// credentials file keeps exactly its shape. Spawns a process: a generous timeout, waits on events only.
it('kalshi-mock serve --users 2 writes two accounts whose keys sign requests', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-users-'));
  const credentials = join(dir, 'creds.json');
  const usersOut = join(dir, 'users.json');
  const args = ['--port', '0', '--credentials-out', credentials, '--users', '2', '--users-out', usersOut];
  const { url, stop } = await spawnServe(args);
  try {
    // The fields tools written against the first format read are still there; privateKey is what the client takes;
    // mockServerUrl, the server's url, keeps a client holding the key from Kalshi's real hosts (tester's D2, round 19).
    const single = JSON.parse(readFileSync(credentials, 'utf8'));
    expect(Object.keys(single).sort()).toEqual(['keyId', 'mockServerUrl', 'privateKey', 'privateKeyPem']);
    expect(single.privateKey).toBe(single.privateKeyPem);
    expect(single.mockServerUrl).toBe(url);
    const users = JSON.parse(readFileSync(usersOut, 'utf8')) as {
      userId: string;
      keyId: string;
      privateKey: string;
      mockServerUrl: string;
    }[];
    expect(users).toHaveLength(2);
    expect(users.map((u) => u.mockServerUrl)).toEqual([url, url]);
    expect(new Set(users.map((u) => u.userId)).size).toBe(2);
    for (const user of users) {
      expect(user.userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const signer = await createSigner({ keyId: user.keyId, privateKey: user.privateKey });
      const target = `${url}/portfolio/balance`;
      const response = await fetch(target, { headers: await signer.sign({ method: 'GET', url: target }) });
      expect(response.status).toBe(200);
      expect((await response.json()).balance_dollars).toBe('10000.0000');
    }
  } finally {
    await stop();
  }
}, 90_000);

// One file for two: the users' list was renamed over the credentials a moment after they were written, silently, and
// a `--keep-key` restart then refused the file as not a key; the keys replaced a dataset just read (round 36, D). The
// file named twice (the second time through a symlinked folder) is refused before anything starts, naming both options.
it.each([
  ['--credentials-out', '--users-out', ['--users', '1']],
  ['--dataset', '--credentials-out', []],
])(
  'kalshi-mock serve refuses %s and %s naming the same file',
  async (first, second, more) => {
    const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-users-'));
    const file = join(dir, 'keys.json');
    // A dataset file (it loads: no records) or an earlier run's credentials: either way not to be written over.
    const text =
      '{"format":"kalshi-mock-dataset","version":1,"captured_at":"2026-12-01T15:00:00Z","source":"demo","series":[],"events":[],"markets":[]}\n';
    writeFileSync(file, text);
    // Through a symlink to its folder (round 36 review: path strings compared, a link got past the check).
    symlinkSync(dir, join(dir, 'link'));
    const same = `${dir}/link/keys.json`;
    const { code, stderr } = await serveUntilExit([...more, first, file, second, same]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`kalshi-mock: ${second}: ${same} is the file ${first} names: give each its own file`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  },
  90_000,
);

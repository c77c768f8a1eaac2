import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { expect, it } from 'vitest';
import { ControlInputError, createKalshiMock } from '../../src';
import { startKalshiMockServer } from '../../src/node';
import { serveUntilExit, spawnServe } from '../serve-process';

// Round 20 trial, D2: every start made a new key (even with the same --seed), so a bot or stream holding the key
// file got 401 after the mock restarted. A key kept from an earlier run is served again. Spawns processes: generous
// timeouts, waits on events only. (Kalshi's notes say nothing of a mock's keys: this is the mock's own contract.)

/** A signed GET /portfolio/balance at `url` with `key`: its status. */
async function balanceStatus(url: string, key: { keyId: string; privateKey: string }): Promise<number> {
  const signer = await createSigner(key);
  const target = `${url}/portfolio/balance`;
  return (await fetch(target, { headers: await signer.sign({ method: 'GET', url: target }) })).status;
}

it('kalshi-mock serve --keep-key serves again the keys its files hold, so a restarted mock accepts them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-keep-'));
  const credentials = join(dir, 'creds.json');
  const usersOut = join(dir, 'users.json');
  const args = ['--port', '0', '--credentials-out', credentials, '--users', '1', '--users-out', usersOut, '--keep-key'];
  const first = await spawnServe(args); // no files yet: new keys, written as usual
  const key = JSON.parse(readFileSync(credentials, 'utf8'));
  const [user] = JSON.parse(readFileSync(usersOut, 'utf8'));
  await first.stop();
  const second = await spawnServe([...args.slice(0, 6), '--users', '2', '--users-out', usersOut, '--keep-key']);
  try {
    // The first run's files, as a bot read them before the restart, sign against the second process.
    expect(await balanceStatus(second.url, key)).toBe(200);
    expect(await balanceStatus(second.url, user)).toBe(200);
    const rewritten = JSON.parse(readFileSync(credentials, 'utf8'));
    expect(rewritten).toEqual({ ...key, mockServerUrl: second.url });
    const users = JSON.parse(readFileSync(usersOut, 'utf8'));
    expect(users[0]).toEqual({ ...user, mockServerUrl: second.url });
    expect(users).toHaveLength(2); // the second user is new: its key written for the next restart
    expect(users[1].keyId).not.toBe(user.keyId);
  } finally {
    await second.stop();
  }
  // Without --keep-key a start makes a new key (one per process), which the old file no longer signs for.
  const third = await spawnServe(args.slice(0, 4));
  try {
    expect(await balanceStatus(third.url, key)).toBe(401);
  } finally {
    await third.stop();
  }
}, 120_000);

it('kalshi-mock serve --keep-key refuses a file it cannot use, naming the option and file, never the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-keep-bad-'));
  const notJson = join(dir, 'not-json.json');
  writeFileSync(notJson, 'hello');
  const badKey = join(dir, 'bad-key.json');
  const { publicKeyPem } = generateKeyPairSync({ type: 'ed25519' });
  writeFileSync(badKey, JSON.stringify({ keyId: 'k-1', privateKey: publicKeyPem }));
  const cases: [string[], RegExp][] = [
    [['--keep-key'], /--keep-key needs --credentials-out/],
    [
      ['--credentials-out', notJson, '--keep-key'],
      new RegExp(`--credentials-out: ${notJson} is not the JSON key file`),
    ],
    [
      ['--credentials-out', badKey, '--keep-key'],
      new RegExp(`--keep-key: ${badKey}: credentials\\.privateKey: must be`),
    ],
    [['--credentials-out', badKey, '--keep-key=yes'], /--keep-key: takes no value/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await serveUntilExit(args);
    expect(code, args.join(' ')).toBe(1);
    expect(stderr, args.join(' ')).toMatch(message);
    expect(stderr).not.toContain('BEGIN');
  }
}, 120_000);

it('serves the credentials option as the test key, and a user’s credentials as that account’s key', async () => {
  const main = generateKeyPairSync({ type: 'ed25519' });
  const other = generateKeyPairSync({ type: 'rsa' });
  const server = await startKalshiMockServer({
    port: 0,
    credentials: { keyId: 'kept-main', privateKey: main.privateKeyPem },
    users: [{ credentials: { keyId: 'kept-user', privateKey: other.privateKeyPem } }],
  });
  try {
    expect(server.mock.credentials).toMatchObject({ keyId: 'kept-main', privateKey: main.privateKeyPem });
    expect(server.mock.users[0]).toMatchObject({ keyId: 'kept-user', privateKey: other.privateKeyPem });
    expect(await balanceStatus(server.url, { keyId: 'kept-main', privateKey: main.privateKeyPem })).toBe(200);
    expect(await balanceStatus(server.url, { keyId: 'kept-user', privateKey: other.privateKeyPem })).toBe(200);
  } finally {
    await server.close();
  }
}, 60_000);

it('refuses a kept key it cannot serve, naming the field and never quoting the key', () => {
  const { privateKeyPem, publicKeyPem } = generateKeyPairSync({ type: 'ed25519' });
  const cases: [unknown, string][] = [
    ['a string', 'credentials'],
    [{ privateKey: privateKeyPem }, 'credentials.keyId'],
    [{ keyId: 'k', privateKey: publicKeyPem }, 'credentials.privateKey'],
    [{ keyId: 'k', privateKey: 'not a key' }, 'credentials.privateKey'],
  ];
  for (const [credentials, field] of cases) {
    let error: unknown;
    try {
      createKalshiMock({ credentials: credentials as { keyId: string; privateKey: string } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ControlInputError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).not.toMatch(/BEGIN|PRIVATE|PUBLIC KEY/);
  }
  expect(() => createKalshiMock({ users: [{ credentials: { keyId: 'k', privateKey: 'x' } }] })).toThrow(
    /^users\[0\]\.credentials\.privateKey: must be an RSA or Ed25519 private key/,
  );
});

import { dirname } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { createSigner, credentialsFromEnv, KalshiAuthError } from '../../src';
import { rsa, tempFile } from '../helpers';

// The home directory, set by a test (a worker thread's HOME is its own copy, which os.homedir() does not read).
const home = vi.hoisted(() => ({ dir: undefined as string | undefined }));
vi.mock('node:os', async (real: () => Promise<typeof import('node:os')>) => {
  const os = await real();
  return { ...os, homedir: () => home.dir ?? os.homedir() };
});

afterEach(() => {
  vi.unstubAllEnvs();
  home.dir = undefined;
});

it('returns undefined when no Kalshi variable is set', () => {
  expect(credentialsFromEnv({ PATH: '/usr/bin' })).toBeUndefined();
});

// env.ts: "Credentials from KALSHI_API_KEY_ID plus KALSHI_PRIVATE_KEY …": without an argument, the process's environment.
it("reads the process's environment when called without one", () => {
  vi.stubEnv('KALSHI_API_KEY_ID', rsa.keyId);
  vi.stubEnv('KALSHI_PRIVATE_KEY', '');
  vi.stubEnv('KALSHI_PRIVATE_KEY_PATH', '/keys/kalshi.pem');
  const credentials = credentialsFromEnv();
  expect(credentials?.keyId).toBe(rsa.keyId);
  expect(credentials?.privateKey).toEqual({ path: '/keys/kalshi.pem' });
});

// A key id is a UUID (kalshi-api-notes §2.1): whitespace around it (a trailing newline from `$(cat id.txt)` or a .env
// line) is not part of it, as with the key and the path; a blank variable is not set.
it('trims the key id, and takes a blank one as unset', () => {
  const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: ` ${rsa.keyId}\n`, KALSHI_PRIVATE_KEY_PATH: '/k.pem' });
  expect(credentials?.keyId).toBe(rsa.keyId);
  expect(credentialsFromEnv({ KALSHI_API_KEY_ID: '  ', KALSHI_PRIVATE_KEY: '' })).toBeUndefined();
});

// The key file's path, the same: whitespace around it is not part of it, nor is one pair of quotes an env file left
// around it (`docker run --env-file` keeps them), as around the key id and the PEM (text.ts unquote). The notes are
// silent: these are our variables.
it('trims the key path and drops quotes an env file left around it', async () => {
  const path = tempFile('key.pem', rsa.privateKeyPem);
  for (const written of [` ${path}\n`, `"${path}"`, `'${path}'`]) {
    const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: rsa.keyId, KALSHI_PRIVATE_KEY_PATH: written });
    expect(credentials?.privateKey, written).toEqual({ path });
    await expect(createSigner(credentials!)).resolves.toMatchObject({ algorithm: 'RSA-PSS' });
  }
});

// Round 46, V4: a variable left as empty quotes (an env template's `KALSHI_PRIVATE_KEY=""` under `docker run
// --env-file`, which keeps them) counted as set: a template with nothing filled in was credentials (a signer error, not
// the public, unsigned client), and one whose KALSHI_PRIVATE_KEY_PATH was filled in was refused as setting both. Quotes
// are dropped around the path already; the notes are silent (these are our variables).
it('takes a variable of empty quotes as unset', async () => {
  const blank = { KALSHI_API_KEY_ID: '""', KALSHI_PRIVATE_KEY: "''", KALSHI_PRIVATE_KEY_PATH: ' "" ' };
  expect(credentialsFromEnv(blank)).toBeUndefined();
  const path = tempFile('key.pem', rsa.privateKeyPem);
  const credentials = credentialsFromEnv({ ...blank, KALSHI_API_KEY_ID: rsa.keyId, KALSHI_PRIVATE_KEY_PATH: path });
  expect(credentials?.privateKey).toEqual({ path });
  await expect(createSigner(credentials!)).resolves.toMatchObject({ keyId: rsa.keyId, algorithm: 'RSA-PSS' });
  expect(() => credentialsFromEnv({ ...blank, KALSHI_PRIVATE_KEY_PATH: path })).toThrow(
    /^KALSHI_API_KEY_ID is not set, but KALSHI_PRIVATE_KEY_PATH is: set both$/,
  );
});

// Round 47 (A): `KALSHI_PRIVATE_KEY_PATH=~/kalshi.pem` in an env file, a systemd unit or a compose file reaches us with
// its `~` unexpanded (only a shell expands it), and failed as "cannot read "~/kalshi.pem" (ENOENT)". A leading `~/` is
// the home directory, as in the shell the path was written for (Node only: a browser reads no files). The notes are
// silent (this is our variable and our { path }).
it('reads a key path starting ~/ from the home directory', async () => {
  const path = tempFile('kalshi.pem', rsa.privateKeyPem);
  home.dir = dirname(path);
  const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: rsa.keyId, KALSHI_PRIVATE_KEY_PATH: '~/kalshi.pem' });
  await expect(createSigner(credentials!)).resolves.toMatchObject({ keyId: rsa.keyId, algorithm: 'RSA-PSS' });
});

it('reads the key id and a PEM (with \\n escapes) into credentials a signer accepts', async () => {
  const credentials = credentialsFromEnv({
    KALSHI_API_KEY_ID: rsa.keyId,
    KALSHI_PRIVATE_KEY: rsa.privateKeyPem.replace(/\n/g, '\\n'),
  });
  expect(credentials?.keyId).toBe(rsa.keyId);
  const signer = await createSigner(credentials!);
  expect(signer.keyId).toBe(rsa.keyId);
});

it('reads a key path', async () => {
  const path = tempFile('key.pem', rsa.privateKeyPem);
  const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: rsa.keyId, KALSHI_PRIVATE_KEY_PATH: path });
  expect(credentials?.privateKey).toEqual({ path });
  await expect(createSigner(credentials!)).resolves.toMatchObject({ algorithm: 'RSA-PSS' });
});

it.each([
  [{ KALSHI_API_KEY_ID: 'k' }, /neither KALSHI_PRIVATE_KEY \(PEM\) nor KALSHI_PRIVATE_KEY_PATH is/],
  [{ KALSHI_PRIVATE_KEY: 'pem' }, /KALSHI_API_KEY_ID is not set, but KALSHI_PRIVATE_KEY is/],
  [{ KALSHI_PRIVATE_KEY_PATH: '/k.pem' }, /KALSHI_API_KEY_ID is not set, but KALSHI_PRIVATE_KEY_PATH is/],
])('names what is missing when only half is set: %j', (env, message) => {
  expect(() => credentialsFromEnv(env)).toThrow(KalshiAuthError);
  expect(() => credentialsFromEnv(env)).toThrow(message);
  // The code a caller branches on: incomplete, not ambiguous (that is both keys set, below).
  expect(() => credentialsFromEnv(env)).toThrow(expect.objectContaining({ code: 'incomplete_env_credentials' }));
});

// Round 32 (a new user): a variable spelt as another SDK spells it (KALSHI_API_KEY, KALSHI_PRIVATE_KEY_FILE) next to
// one of ours got "KALSHI_API_KEY_ID is not set", with nothing pointing at the misspelt one; the message names the
// other KALSHI_ variables set (never their values), as the client's `'env'` does when none of ours is set.
it.each([
  [
    { KALSHI_API_KEY: 'secret-id', KALSHI_PRIVATE_KEY: 'pem' },
    'KALSHI_API_KEY_ID is not set, but KALSHI_PRIVATE_KEY is: set both (set: KALSHI_API_KEY)',
  ],
  [
    { KALSHI_API_KEY_ID: 'k', KALSHI_PRIVATE_KEY_FILE: '/secret/k.pem', KALSHI_LOG: 'debug' },
    'KALSHI_API_KEY_ID is set, but neither KALSHI_PRIVATE_KEY (PEM) nor KALSHI_PRIVATE_KEY_PATH is (set: KALSHI_PRIVATE_KEY_FILE)',
  ],
])('names the other KALSHI_ variables set when only half is: %j', (env, message) => {
  expect(() => credentialsFromEnv(env)).toThrow(new KalshiAuthError('incomplete_env_credentials', message));
});

// Tester O (observed): with both set, the PEM signed and the path was ignored, silently; after a key rotation that
// updated only one of them, every request failed as a bad signature. The notes are silent (these are our names).
it('refuses KALSHI_PRIVATE_KEY and KALSHI_PRIVATE_KEY_PATH set together, naming both, showing neither', () => {
  const env = {
    KALSHI_API_KEY_ID: rsa.keyId,
    KALSHI_PRIVATE_KEY: rsa.privateKeyPem,
    KALSHI_PRIVATE_KEY_PATH: '/k.pem',
  };
  const error = (() => {
    try {
      credentialsFromEnv(env);
    } catch (e) {
      return e as KalshiAuthError;
    }
  })();
  expect(error).toMatchObject({ code: 'ambiguous_env_credentials' });
  expect(error?.message).toMatch(/KALSHI_PRIVATE_KEY and KALSHI_PRIVATE_KEY_PATH are both set/);
  expect(error?.message).not.toContain('/k.pem');
  expect(error?.message).not.toContain('PRIVATE KEY-----');
});

// Outside test round 11, E-D9: with credentials from the environment the user wrote no `privateKey` option; an error
// about the key names the variable that holds it (the notes are silent: these are our names).
it.each([
  [
    'a missing key file',
    { KALSHI_PRIVATE_KEY_PATH: '/nonexistent/kalshi.pem' },
    'key_file_unreadable',
    /^KALSHI_PRIVATE_KEY_PATH: cannot read "\/nonexistent\/kalshi\.pem" \(ENOENT\)$/,
  ],
  [
    'a directory',
    { KALSHI_PRIVATE_KEY_PATH: '/tmp' },
    'key_file_unreadable',
    /^KALSHI_PRIVATE_KEY_PATH: cannot read "\/tmp" \(EISDIR\)$/,
  ],
  [
    'not a PEM',
    { KALSHI_PRIVATE_KEY: 'nope' },
    'malformed_pem',
    /^KALSHI_PRIVATE_KEY: not a PEM \(no "-----BEGIN" line\)$/,
  ],
  [
    'a path as the PEM',
    { KALSHI_PRIVATE_KEY: './kalshi.pem' },
    'malformed_pem',
    /^KALSHI_PRIVATE_KEY: .*looks like a file path: set KALSHI_PRIVATE_KEY_PATH instead$/,
  ],
  [
    'a public key',
    { KALSHI_PRIVATE_KEY: rsa.publicKeyPem },
    'public_key_given',
    /^KALSHI_PRIVATE_KEY: got a PUBLIC KEY/,
  ],
  [
    'the PEM as the path',
    { KALSHI_PRIVATE_KEY_PATH: rsa.privateKeyPem },
    'malformed_pem',
    /^KALSHI_PRIVATE_KEY_PATH holds the key itself, not a file path: set it as KALSHI_PRIVATE_KEY$/,
  ],
])('names the environment variable at fault: %s', async (_, variables, code, message) => {
  const env = { KALSHI_API_KEY_ID: rsa.keyId, ...variables };
  const error = await createSigner(credentialsFromEnv(env)!).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiAuthError);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toMatch(/privateKey/);
});

it('names KALSHI_API_KEY_ID for a key id from the environment', async () => {
  const env = { KALSHI_API_KEY_ID: './kalshi.pem', KALSHI_PRIVATE_KEY: rsa.privateKeyPem };
  const error = await createSigner(credentialsFromEnv(env)!).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'key_id_looks_like_key' });
  expect((error as Error).message).toMatch(
    /^KALSHI_API_KEY_ID looks like .* are KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY swapped\?/,
  );
});

it('names privateKey as before for credentials written in code', async () => {
  const error = await createSigner({ keyId: rsa.keyId, privateKey: { path: '/nonexistent/kalshi.pem' } }).catch(
    (e: unknown) => e,
  );
  expect((error as Error).message).toBe('privateKey.path: cannot read "/nonexistent/kalshi.pem" (ENOENT)');
});

// Attack round 22, A13: credentialsFromEnv(null) crashed inside ("Cannot read properties of null"), nothing named.
it.each([
  ['null', null, 'got null'],
  ['a string', 'KALSHI_API_KEY_ID=k', 'got a string'],
])('refuses an env that is %s, naming the argument', (_, env, got) => {
  const reading = () => credentialsFromEnv(env as never);
  expect(reading).toThrow(KalshiAuthError);
  expect(reading).toThrow('credentialsFromEnv(env): expected an object such as process.env');
  expect(reading).toThrow(got);
});

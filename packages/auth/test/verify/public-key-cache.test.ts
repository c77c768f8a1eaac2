// verifySignature parses a PEM public key once and keeps it for the next request (the mock exchange verifies every
// request it serves). The cache never shrank: a long-running mock (`kalshi-mock serve`) whose accounts keep generating
// keys (POST /api_keys/generate, a test suite's key per test), or a lookup answering a new PEM per key rotation, kept
// every key ever seen. It keeps the keys used most recently, a bounded number (the notes are silent on key counts; a
// test's or a mock's few keys all stay parsed).
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, expect, it, vi } from 'vitest';
import { verifySignature } from '../../src';

const parsed = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const createPublicKey: typeof crypto.createPublicKey = (key) => {
    parsed.count++;
    return crypto.createPublicKey(key);
  };
  return { ...crypto, default: { ...crypto, createPublicKey }, createPublicKey };
});

afterEach(() => {
  parsed.count = 0;
});

const now = 1_781_159_360_866;
/** A request signed by no key of these (the key is parsed, then the signature refused). */
const headers = { 'KALSHI-ACCESS-KEY': 'k', 'KALSHI-ACCESS-TIMESTAMP': String(now), 'KALSHI-ACCESS-SIGNATURE': 'AAAA' };
const verify = (publicKey: string) =>
  verifySignature({ method: 'GET', url: '/trade-api/v2/x', headers, publicKey, now });
/** `n` new public keys (Ed25519: generated in microseconds). */
const newKeys = (n = 300) =>
  Array.from({ length: n }, () =>
    generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  ) as [string, ...string[]];

it('keeps the keys used most recently parsed, not every key ever seen', async () => {
  const pems = newKeys();
  const [first, ...others] = pems;
  await verify(first);
  for (const pem of others) await verify(pem);
  expect(parsed.count).toBe(pems.length);
  // The latest key is still parsed; the first, 299 keys ago, was dropped and is parsed again.
  await verify(others.at(-1) as string);
  expect(parsed.count).toBe(pems.length);
  await verify(first);
  expect(parsed.count).toBe(pems.length + 1);
});

it('a key in steady use stays parsed while many others come and go', async () => {
  const pems = newKeys();
  const [steady, ...others] = pems;
  await verify(steady);
  for (const pem of others) {
    await verify(pem);
    await verify(steady);
  }
  expect(parsed.count).toBe(pems.length);
});

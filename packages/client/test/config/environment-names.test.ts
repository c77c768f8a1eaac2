import { expect, it } from 'vitest';
import { createKalshiClient, type Environment, KalshiCredentialsError, KalshiValidationError } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { testSigner } from '../helpers';

// Valid names are the spec's servers (kalshi-api-notes §1): production and demo; names are case-sensitive.
it.each(['prod', 'staging', 'DEMO', 'toString'])(
  'rejects the environment %j at creation, listing the valid names',
  async (name) => {
    const error = await createKalshiClient({ environment: name as Environment }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect((error as KalshiValidationError).field).toBe('environment');
    expect((error as Error).message).toContain(`"${name}"`);
    expect((error as Error).message).toContain('use "production" or "demo"');
  },
);

// Round 19 trial, nit 1: the stream said "expected one of production, demo" without the name given, and took
// 'toString' (an inherited property) as an environment. Its hosts are the same environments' (notes §1).
it.each(['prod', 'DEMO', 'toString'])('the stream rejects the environment %j the same way', async (name) => {
  const error = await createKalshiStream({ environment: name as Environment, credentials: await testSigner() }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect((error as Error).message).toBe(`environment: unknown environment "${name}": use "production" or "demo"`);
});

it("rejects credentials: 'env' at creation when no variable is set, naming the variables", async () => {
  const saved = { ...process.env };
  delete process.env.KALSHI_API_KEY_ID;
  delete process.env.KALSHI_PRIVATE_KEY;
  delete process.env.KALSHI_PRIVATE_KEY_PATH;
  try {
    const error = await createKalshiClient({ credentials: 'env' }).catch((e: unknown) => e);
    // Round 21 trial, nit 4: the error class of every other 'env' mistake (half set, both key variables).
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({ code: 'env_unset' });
    for (const variable of ['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY', 'KALSHI_PRIVATE_KEY_PATH'])
      expect((error as Error).message).toContain(variable);
  } finally {
    process.env = saved;
  }
});

// Round 24 trial, nit 5: in a Worker there is no process.env (its variables are bindings on the handler's `env`), and
// the error only said the variables were not set. It names the call that reads them from `env`.
it("in a runtime without process.env (a Worker), credentials: 'env' names credentialsFromEnv(env)", async () => {
  const saved = Object.getOwnPropertyDescriptor(process, 'env') as PropertyDescriptor;
  Object.defineProperty(process, 'env', { value: undefined, configurable: true });
  try {
    const error = await createKalshiClient({ credentials: 'env' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'env_unset' });
    expect((error as Error).message).toContain('in a Worker, pass credentialsFromEnv(env)');
  } finally {
    Object.defineProperty(process, 'env', saved);
  }
});

it("with process.env, credentials: 'env' unset does not talk of Workers", async () => {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('KALSHI_')) delete process.env[name];
  try {
    const error = await createKalshiClient({ credentials: 'env' }).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain('Worker');
  } finally {
    process.env = saved;
  }
});

// Round 20 trial, nit 6: near-miss names were set and the error only said the right ones were not. The names other
// KALSHI_ variables set are shown (not their values, which may be keys); KALSHI_LOG is the logger's, not a key's.
it("names the other KALSHI_ variables set when credentials: 'env' finds none, never their values", async () => {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('KALSHI_')) delete process.env[name];
  process.env.KALSHI_KEY_ID = 'key-id-value';
  process.env.KALSHI_PRIVATE_KEY_FILE = '/secret/path.pem';
  process.env.KALSHI_LOG = 'debug';
  try {
    const error = (await createKalshiClient({ credentials: 'env' }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error.message).toMatch(/are not set \(set: KALSHI_KEY_ID, KALSHI_PRIVATE_KEY_FILE\)$/);
    expect(error.message).not.toMatch(/key-id-value|secret/);
  } finally {
    process.env = saved;
  }
});

// Without this check, a baseUrl fetch cannot parse failed every request as a retried connection error.
it.each(['127.0.0.1:4010/trade-api/v2', 'ftp://example.com/trade-api/v2', '', 'trade-api/v2'])(
  'rejects the baseUrl %j at creation, with an example of one that works',
  async (baseUrl) => {
    const error = await createKalshiClient({ baseUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect((error as KalshiValidationError).field).toBe('baseUrl');
    expect((error as Error).message).toContain('http://127.0.0.1:4010/trade-api/v2');
  },
);

it('accepts http and https base URLs, a trailing slash included', async () => {
  for (const baseUrl of ['http://127.0.0.1:4010/trade-api/v2', 'https://demo-api.kalshi.co/trade-api/v2/'])
    expect((await createKalshiClient({ baseUrl })).baseUrl).toBe(baseUrl);
});

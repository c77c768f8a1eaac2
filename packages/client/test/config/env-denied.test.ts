import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKalshiClient, KalshiCredentialsError } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { BASE, key } from '../helpers';

// Tester H, D3. Deno without `--allow-env` (its least-privilege default) throws NotCapable from every read of
// `process.env`. The notes and the spec are silent on runtime permissions; the README promises "Published packages
// run on Node ≥ 20.19, Bun and Deno" and "every failure a caller sees is one of" the KalshiError hierarchy. So: an
// optional variable nobody asked for (KALSHI_LOG) reads as unset, and `credentials: 'env'` denied is a
// KalshiCredentialsError with the runtime's error as `cause`, like a denied key-file read.
class NotCapable extends Error {
  override name = 'NotCapable';
}

let saved: NodeJS.ProcessEnv;
let denied: NotCapable[];

beforeEach(() => {
  saved = process.env;
  denied = [];
  // What Deno's process.env does without --allow-env: any read (get, has, keys) throws.
  const refuse = (name: string | symbol) => {
    const error = new NotCapable(`Requires env access to "${String(name)}", run again with the --allow-env flag`);
    denied.push(error);
    throw error;
  };
  process.env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_, name) => refuse(name),
    has: (_, name) => refuse(name),
    ownKeys: () => refuse('*'),
  });
});

afterEach(() => {
  process.env = saved;
});

describe('environment access denied', () => {
  it('a client for public data is created: KALSHI_LOG reads as unset', async () => {
    const kalshi = await createKalshiClient({ baseUrl: BASE });
    expect(kalshi.signer).toBeUndefined();
    expect(denied.length).toBeGreaterThan(0); // the stub was read, and refused
  });

  it('a client given { keyId, privateKey } is created and signs with them', async () => {
    const kalshi = await createKalshiClient({
      baseUrl: BASE,
      credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    });
    expect(kalshi.signer?.keyId).toBe(key.keyId);
  });

  it("credentials: 'env' fails with KalshiCredentialsError env_unreadable, the runtime's error as cause", async () => {
    const error = await createKalshiClient({ baseUrl: BASE, credentials: 'env' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({ code: 'env_unreadable', message: expect.stringMatching(/--allow-env/) });
    expect((error as Error).cause).toBeInstanceOf(NotCapable);
  });

  it("a stream with credentials 'env' (or none: 'env' is its default) fails the same way, before connecting", async () => {
    for (const credentials of ['env', undefined] as const) {
      const error = await createKalshiStream({ url: 'ws://127.0.0.1:9/trade-api/ws/v2', credentials }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KalshiCredentialsError);
      expect(error).toMatchObject({ code: 'env_unreadable' });
    }
  });
});

// Tester H (round 37): on Deno 2.9 without --allow-read, a KALSHI_PRIVATE_KEY_PATH / { path } key failed
// `cannot read "/tmp/k.pem" (unknown error)`: Deno's denial (Deno.errors.NotCapable) carries no `code`, only its
// name and a message. Reading the file is faked to fail as Deno's does (the message is Deno's own wording).
import { describe, expect, it, vi } from 'vitest';
import { createSigner, KalshiAuthError } from '../../src';

vi.mock('../../src/runtime', async (original) => {
  const actual = await original<typeof import('../../src/runtime')>();
  class NotCapable extends Error {
    override name = 'NotCapable';
  }
  return {
    ...actual,
    readTextFile: async (path: string) => {
      throw new NotCapable(`Requires read access to "${path}", run again with the --allow-read flag`);
    },
  };
});

describe("a key file Deno's permissions deny", () => {
  it('is key_file_unreadable naming the path and the denial (NotCapable), not "unknown error"', async () => {
    const error = await createSigner({ keyId: 'k', privateKey: { path: '/keys/kalshi.pem' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect(error).toMatchObject({ code: 'key_file_unreadable' });
    expect((error as Error).message).toBe('privateKey.path: cannot read "/keys/kalshi.pem" (NotCapable)');
  });
});

import { expect, it } from 'vitest';
import { createKalshiClient, type Environment, KalshiValidationError } from '../../src';

// Valid names are the spec's servers (kalshi-api-notes §1): production and demo; names are case-sensitive.
it.each(['prod', 'staging', 'DEMO', 'toString'])(
  'rejects the environment %j at creation, listing the valid names',
  async (name) => {
    const error = await createKalshiClient({ environment: name as Environment }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect((error as KalshiValidationError).field).toBe('environment');
    expect((error as Error).message).toContain(`"${name}"`);
    expect((error as Error).message).toMatch(/"production"/);
    expect((error as Error).message).toMatch(/"demo"/);
  },
);

it("rejects credentials: 'env' at creation when no variable is set, naming the variables", async () => {
  const saved = { ...process.env };
  delete process.env.KALSHI_API_KEY_ID;
  delete process.env.KALSHI_PRIVATE_KEY;
  delete process.env.KALSHI_PRIVATE_KEY_PATH;
  try {
    const error = await createKalshiClient({ credentials: 'env' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect((error as KalshiValidationError).field).toBe('credentials');
    for (const variable of ['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY', 'KALSHI_PRIVATE_KEY_PATH'])
      expect((error as Error).message).toContain(variable);
  } finally {
    process.env = saved;
  }
});

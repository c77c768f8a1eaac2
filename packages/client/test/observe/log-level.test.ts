import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKalshiClient, type KalshiClientOptions, KalshiValidationError } from '../../src';
import { BASE, json, key } from '../helpers';

/** One request through a client with a recording logger (and `options`): the logger's debug spy. */
async function debugOfOneRequest(options: Partial<KalshiClientOptions> = {}) {
  const debug = vi.fn();
  const logger = { debug, info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const kalshi = await createKalshiClient({ baseUrl: BASE, logger, fetch: async () => json({}), ...options });
  await kalshi.GET('/exchange/status');
  return debug;
}

// README: `KALSHI_LOG` sets the level. A variable set empty is unset (`KALSHI_LOG= node app.js`), a level's name in
// any case is that level, and anything else a KalshiValidationError naming the variable (the notes are silent: SDK).
describe('KALSHI_LOG', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('set empty is unset', async () => {
    vi.stubEnv('KALSHI_LOG', '');
    await expect(createKalshiClient({ baseUrl: BASE })).resolves.toBeDefined();
  });

  it.each(['DEBUG', 'Info', 'SILENT'])('takes %s in any case', async (level) => {
    vi.stubEnv('KALSHI_LOG', level);
    await expect(createKalshiClient({ baseUrl: BASE })).resolves.toBeDefined();
  });

  it('logs at the level it names in capitals', async () => {
    vi.stubEnv('KALSHI_LOG', 'DEBUG');
    const debug = await debugOfOneRequest();
    expect(debug).toHaveBeenCalled();
  });

  it('refuses an unknown level, naming KALSHI_LOG and the levels', async () => {
    vi.stubEnv('KALSHI_LOG', 'verbose');
    const created = createKalshiClient({ baseUrl: BASE });
    await expect(created).rejects.toThrow(KalshiValidationError);
    await expect(created).rejects.toMatchObject({ field: 'KALSHI_LOG', message: expect.stringMatching(/debug, info/) });
  });

  // Every other setting that may hold a secret is never echoed ("not shown"): a PEM pasted into the wrong variable
  // of a deploy template must not land in a crash reporter's copy of the error (outside testing, O-D3).
  it('does not echo a value that is not a plain word (a PEM set as KALSHI_LOG by mistake)', async () => {
    const pem = key.privateKeyPem;
    vi.stubEnv('KALSHI_LOG', pem);
    const error = await createKalshiClient({ baseUrl: BASE }).then(
      () => expect.unreachable('expected KALSHI_LOG to be refused'),
      (e: unknown) => e as KalshiValidationError,
    );
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'KALSHI_LOG' });
    expect(error.message).toMatch(/^KALSHI_LOG: one of debug, info, warn, error, silent/);
    expect(error.message).toMatch(/not shown/);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(error.message).not.toContain(pem.split('\n')[1]);
  });

  // "Shown only when it is plainly a misspelt level": a token or key id (no spaces, unlike a PEM) is not one.
  it('does not echo a value without spaces that is not a plain word (an access token in the wrong variable)', async () => {
    const token = 'kx_live_4eC39HqLyjWDarjtT1zdp7dc';
    vi.stubEnv('KALSHI_LOG', token);
    const error = await createKalshiClient({ baseUrl: BASE }).then(
      () => expect.unreachable('expected KALSHI_LOG to be refused'),
      (e: unknown) => e as KalshiValidationError,
    );
    expect(error).toMatchObject({ name: 'KalshiValidationError', field: 'KALSHI_LOG' });
    expect(error.message).toMatch(/not shown/);
    expect(error.message).not.toContain(token);
  });

  it('shows a short plain word it refuses', async () => {
    vi.stubEnv('KALSHI_LOG', 'trace');
    await expect(createKalshiClient({ baseUrl: BASE })).rejects.toThrow(
      'KALSHI_LOG: one of debug, info, warn, error, silent, not "trace"',
    );
  });

  // auth's env.ts trims KALSHI_API_KEY_ID and the key variables the same way: an .env line's trailing space
  // is no part of a level name, and cannot make another level (the notes are silent: SDK design).
  it('ignores whitespace around the level (a trailing space from an .env file)', async () => {
    vi.stubEnv('KALSHI_LOG', 'debug \r');
    const debug = await debugOfOneRequest();
    expect(debug).toHaveBeenCalled();
  });

  // ObserveOptions.logLevel: "Default: the KALSHI_LOG environment variable": the option, when given, wins.
  it('gives way to the logLevel option', async () => {
    vi.stubEnv('KALSHI_LOG', 'debug');
    const debug = await debugOfOneRequest({ logLevel: 'warn' });
    expect(debug).not.toHaveBeenCalled();
  });

  it('names logLevel when the option is wrong', async () => {
    await expect(createKalshiClient({ baseUrl: BASE, logLevel: 'loud' as 'info' })).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'logLevel',
    });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiValidationError } from '../../src';
import { BASE } from '../helpers';

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
    const debug = vi.fn();
    const logger = { debug, info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const kalshi = await createKalshiClient({
      baseUrl: BASE,
      logger,
      fetch: (async () => new Response('{}', { headers: { 'content-type': 'application/json' } })) as typeof fetch,
    });
    await kalshi.GET('/exchange/status');
    expect(debug).toHaveBeenCalled();
  });

  it('refuses an unknown level, naming KALSHI_LOG and the levels', async () => {
    vi.stubEnv('KALSHI_LOG', 'verbose');
    const created = createKalshiClient({ baseUrl: BASE });
    await expect(created).rejects.toThrow(KalshiValidationError);
    await expect(created).rejects.toMatchObject({ field: 'KALSHI_LOG', message: expect.stringMatching(/debug, info/) });
  });

  it('names logLevel when the option is wrong', async () => {
    await expect(createKalshiClient({ baseUrl: BASE, logLevel: 'loud' as 'info' })).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'logLevel',
    });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src';
import { rsa } from '../helpers';

// The `browser`/`worker` export as a page or a worker gets it (built by `pnpm build`, which the test task runs first).
const BUILD = new URL('../../dist/browser/index.mjs', import.meta.url);
// @ts-expect-error the browser build ships no .d.ts of its own: its types are the main entry's
const browser: typeof import('../../src') = await import('../../dist/browser/index.mjs');

describe('the browser build', () => {
  it('signs through WebCrypto by default', async () => {
    const signer = await browser.createSigner({ keyId: 'key-1', privateKey: rsa.privateKeyPem });
    const url = '/trade-api/v2/portfolio/balance';
    const headers = await signer.sign({ method: 'GET', url });
    expect(await verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem })).toMatchObject({
      ok: true,
    });
  });

  it("refuses backend: 'node' with crypto_unavailable, naming the fix", async () => {
    const signer = browser.createSigner({ keyId: 'key-1', privateKey: rsa.privateKeyPem, backend: 'node' });
    await expect(signer).rejects.toMatchObject({
      code: 'crypto_unavailable',
      message: expect.stringContaining("'webcrypto'"),
    });
  });

  // Round 24 nit 4: the message kept only the code (ENOSYS), losing the build's own explanation and the fix.
  it('refuses { path } with the reason a page or worker has no file, and what to pass instead', async () => {
    const signer = browser.createSigner({ keyId: 'key-1', privateKey: { path: 'kalshi.pem' } });
    await expect(signer).rejects.toMatchObject({
      code: 'key_file_unreadable',
      message: expect.stringContaining('no file system in a browser: pass the PEM string or a CryptoKey'),
    });
  });

  it("leaves node:crypto's signing code out", () => {
    const code = readFileSync(BUILD, 'utf8');
    expect(code).not.toContain('asymmetricKeyDetails');
  });
});

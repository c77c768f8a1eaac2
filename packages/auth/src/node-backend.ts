import type { KeyObject } from 'node:crypto';
import {
  checkRsaBits,
  damagedKey,
  KEY_CHECK_MESSAGE,
  notPrivateKey,
  PSS_SALT_LENGTH,
  type SigningBackend,
  unsupportedKeyType,
} from './backend';
import { KalshiAuthError } from './errors';
import type { ResolvedKey } from './key-input';
import { privateKeyLabel } from './pem';
import { loadNodeCrypto } from './runtime';
import { createWebBackend } from './web-backend';

/** Signs with node:crypto; the key is parsed once, here. */
export async function createNodeBackend(resolved: ResolvedKey): Promise<SigningBackend> {
  const crypto = await loadNodeCrypto();
  if (!crypto)
    throw new KalshiAuthError('crypto_unavailable', "backend: 'node' needs node:crypto; use 'webcrypto' here");
  // A CryptoKey is already WebCrypto's: signed there (node:crypto's KeyObject.from is deprecated for it, DEP0204).
  if (resolved.kind === 'cryptoKey') return createWebBackend(resolved);
  const key = toPrivateKeyObject(crypto, resolved);
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    const options = { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT_LENGTH };
    const check = Buffer.from(KEY_CHECK_MESSAGE);
    const publicKey = { ...options, key: crypto.createPublicKey(key) };
    // A damage that leaves no RSA key (an even modulus or prime) fails the signature itself (OpenSSL's BN "no
    // inverse"): damaged too. Checked before the size, as WebCrypto does: a typo in the modulus's first byte reads as a
    // shorter modulus there, not as a small key.
    if (!signsForItself(() => crypto.verify('sha256', check, publicKey, crypto.sign('sha256', check, options))))
      throw damagedKey();
    checkRsaBits(key.asymmetricKeyDetails?.modulusLength ?? 0);
    return {
      algorithm: 'RSA-PSS',
      sign: (message) => crypto.sign('sha256', Buffer.from(message), options).toString('base64'),
    };
  }
  if (type === 'ed25519') {
    return { algorithm: 'Ed25519', sign: (message) => crypto.sign(null, Buffer.from(message), key).toString('base64') };
  }
  throw unsupportedKeyType(type ?? 'unknown');
}

function signsForItself(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

function toPrivateKeyObject(
  crypto: typeof import('node:crypto'),
  resolved: Exclude<ResolvedKey, { kind: 'cryptoKey' }>,
): KeyObject {
  if (resolved.kind === 'keyObject') {
    if (resolved.key.type !== 'private') throw notPrivateKey(resolved.key.type);
    return resolved.key as KeyObject;
  }
  privateKeyLabel(resolved.pem);
  // Node's PEM parsing (ncrypto's TryParsePrivateKey) does not clear OpenSSL's error queue first, so an error some
  // other code left there fails a good key (seen on Node 24 under msw 3; Bun fixed its copy, oven-sh/bun#27446). The
  // failed call empties the queue: a key that fails twice is malformed.
  const parse = () => crypto.createPrivateKey(resolved.pem);
  try {
    try {
      return parse();
    } catch {
      return parse();
    }
  } catch (error) {
    // Node's message names the decoder failure only, never key bytes.
    throw new KalshiAuthError('malformed_pem', `privateKey: the PEM could not be parsed (${(error as Error).message})`);
  }
}

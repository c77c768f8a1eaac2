import type { KeyObject } from 'node:crypto';
import { checkRsaBits, PSS_SALT_LENGTH, type SigningBackend } from './backend';
import { KalshiAuthError } from './errors';
import type { ResolvedKey } from './key-input';
import { privateKeyLabel } from './pem';
import { loadNodeCrypto } from './runtime';

/** Signs with node:crypto; the key is parsed once, here. */
export async function createNodeBackend(resolved: ResolvedKey): Promise<SigningBackend> {
  const crypto = await loadNodeCrypto();
  if (!crypto)
    throw new KalshiAuthError('crypto_unavailable', "backend: 'node' needs node:crypto; use 'webcrypto' here");
  const key = toPrivateKeyObject(crypto, resolved);
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    checkRsaBits(key.asymmetricKeyDetails?.modulusLength ?? 0);
    const options = { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT_LENGTH };
    return {
      algorithm: 'RSA-PSS',
      sign: (message) => crypto.sign('sha256', Buffer.from(message), options).toString('base64'),
    };
  }
  if (type === 'ed25519') {
    return { algorithm: 'Ed25519', sign: (message) => crypto.sign(null, Buffer.from(message), key).toString('base64') };
  }
  throw new KalshiAuthError(
    'unsupported_key_type',
    `privateKey: ${type ?? 'unknown'} keys are not supported; use RSA or Ed25519`,
  );
}

function toPrivateKeyObject(crypto: typeof import('node:crypto'), resolved: ResolvedKey): KeyObject {
  if (resolved.kind === 'cryptoKey') {
    if (resolved.key.type !== 'private') throw publicKeyGiven();
    return crypto.KeyObject.from(resolved.key);
  }
  if (resolved.kind === 'keyObject') {
    if (resolved.key.type !== 'private') throw publicKeyGiven();
    return resolved.key as KeyObject;
  }
  privateKeyLabel(resolved.pem);
  try {
    return crypto.createPrivateKey(resolved.pem);
  } catch (error) {
    // Node's message names the decoder failure only, never key bytes.
    throw new KalshiAuthError('malformed_pem', `privateKey: the PEM could not be parsed (${(error as Error).message})`);
  }
}

function publicKeyGiven(): KalshiAuthError {
  return new KalshiAuthError('public_key_given', 'privateKey: got a public key, but signing needs the private key');
}

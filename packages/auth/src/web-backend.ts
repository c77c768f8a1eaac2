import {
  checkRsaBits,
  damagedKey,
  KEY_CHECK_MESSAGE,
  notPrivateKey,
  PSS_SALT_LENGTH,
  type SignatureAlgorithm,
  type SigningBackend,
  unsupportedKeyType,
} from './backend';
import { KalshiAuthError } from './errors';
import type { ResolvedKey } from './key-input';
import { pemToDer, privateKeyLabel } from './pem';
import { pkcs1ToPkcs8, pkcs8KeyType } from './pkcs8';

/** Signs with WebCrypto (`globalThis.crypto.subtle`): Bun, Deno, Workers, browsers. */
export async function createWebBackend(resolved: ResolvedKey): Promise<SigningBackend> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new KalshiAuthError('crypto_unavailable', 'no node:crypto and no WebCrypto (globalThis.crypto.subtle) here');
  const key = await importPrivateKey(subtle, resolved);
  const algorithm = key.algorithm.name === 'Ed25519' ? 'Ed25519' : 'RSA-PSS';
  if (algorithm === 'RSA-PSS') checkRsaBits((key.algorithm as RsaHashedKeyAlgorithm).modulusLength);
  const params = algorithm === 'Ed25519' ? { name: 'Ed25519' } : { name: 'RSA-PSS', saltLength: PSS_SALT_LENGTH };
  const encoder = new TextEncoder();
  return {
    algorithm,
    sign: async (message) => toBase64(new Uint8Array(await subtle.sign(params, key, encoder.encode(message)))),
  };
}

async function importPrivateKey(subtle: SubtleCrypto, resolved: ResolvedKey): Promise<CryptoKey> {
  if (resolved.kind === 'cryptoKey') {
    const { key } = resolved;
    if (key.type !== 'private') throw notPrivateKey(key.type, 'CryptoKey');
    const name = key.algorithm.name;
    if (name !== 'RSA-PSS' && name !== 'Ed25519') {
      throw new KalshiAuthError(
        'unsupported_key_type',
        `privateKey: a ${name} CryptoKey cannot sign; import it as RSA-PSS (SHA-256) or Ed25519`,
      );
    }
    // subtle.sign hashes with the key's own hash; Kalshi verifies SHA-256 (kalshi-api-notes §2.1).
    const hash = name === 'RSA-PSS' ? (key.algorithm as RsaHashedKeyAlgorithm).hash?.name : 'SHA-256';
    if (hash !== 'SHA-256') {
      throw new KalshiAuthError(
        'unsupported_key_type',
        `privateKey: an RSA-PSS CryptoKey with hash ${hash} cannot sign for Kalshi; import it with hash SHA-256`,
      );
    }
    return key;
  }
  let der: Uint8Array<ArrayBuffer>;
  if (resolved.kind === 'keyObject') {
    if (resolved.key.type !== 'private') throw notPrivateKey(resolved.key.type);
    der = pemToDer(String(resolved.key.export({ format: 'pem', type: 'pkcs8' })));
  } else {
    // WebCrypto imports PKCS#8 only; Kalshi issues PKCS#1 ("RSA PRIVATE KEY"), so wrap it.
    const label = privateKeyLabel(resolved.pem);
    der = pemToDer(resolved.pem);
    if (label === 'RSA PRIVATE KEY') der = pkcs1ToPkcs8(der);
  }
  const type = pkcs8KeyType(der);
  // An OID nobody lists is a damaged AlgorithmIdentifier (a typo), as node:crypto's parser finds it: malformed.
  if (!type)
    throw new KalshiAuthError('malformed_pem', 'privateKey: the key could not be imported (unknown algorithm)');
  if (type !== 'rsa' && type !== 'ed25519') throw unsupportedKeyType(type);
  const kind: SignatureAlgorithm = type === 'ed25519' ? 'Ed25519' : 'RSA-PSS';
  const algorithm = kind === 'Ed25519' ? { name: 'Ed25519' } : { name: 'RSA-PSS', hash: 'SHA-256' };
  let key: CryptoKey;
  try {
    key = await subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  } catch (error) {
    // The key parsed as Ed25519 PKCS#8 above: NotSupportedError is the runtime lacking the algorithm (WebCrypto's
    // Ed25519 is recent; older browsers and edge runtimes refuse it), not a bad key. The notes are silent on runtimes.
    if (kind === 'Ed25519' && (error as Error).name === 'NotSupportedError')
      throw new KalshiAuthError(
        'crypto_unavailable',
        "privateKey: this runtime's WebCrypto does not support Ed25519; use an RSA key or a newer runtime",
      );
    throw new KalshiAuthError('malformed_pem', `privateKey: the key could not be imported (${(error as Error).name})`);
  }
  if (kind === 'RSA-PSS') await checkRsaKey(subtle, der, key);
  return key;
}

/**
 * Signs KEY_CHECK_MESSAGE with `key` and verifies it with the public part of `der`, the same key (imported extractable
 * only here, to read its modulus and exponent): a damaged key is named now, not by a 401 on every request.
 */
async function checkRsaKey(subtle: SubtleCrypto, der: Uint8Array<ArrayBuffer>, key: CryptoKey): Promise<void> {
  const algorithm = { name: 'RSA-PSS', hash: 'SHA-256' };
  const { n, e } = await subtle.exportKey('jwk', await subtle.importKey('pkcs8', der, algorithm, true, ['sign']));
  const publicKey = await subtle.importKey('jwk', { kty: 'RSA', n, e }, algorithm, false, ['verify']);
  const params = { name: 'RSA-PSS', saltLength: PSS_SALT_LENGTH };
  const message = new TextEncoder().encode(KEY_CHECK_MESSAGE);
  // A damage that leaves no RSA key (an even modulus or prime) fails the signature itself (OperationError): damaged too.
  const signed = await subtle.sign(params, key, message).catch(() => undefined);
  if (!signed || !(await subtle.verify(params, publicKey, signed, message))) throw damagedKey();
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

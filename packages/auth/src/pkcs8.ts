// Minimal DER for WebCrypto, which imports private keys as PKCS#8 only.

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
const RSA_ALGORITHM_ID = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

/**
 * Key algorithms by their OID, named as node:crypto's `asymmetricKeyType` names them: WebCrypto is given RSA and
 * Ed25519 only, and refuses any other in the same words as node:crypto's backend.
 */
const KEY_TYPES: readonly (readonly [string, readonly number[]])[] = [
  ['rsa', [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]],
  ['ed25519', [0x06, 0x03, 0x2b, 0x65, 0x70]],
  ['rsa-pss', [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a]],
  ['ec', [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]],
  ['dsa', [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]],
  ['dh', [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01]],
  ['x25519', [0x06, 0x03, 0x2b, 0x65, 0x6e]],
  ['x448', [0x06, 0x03, 0x2b, 0x65, 0x6f]],
  ['ed448', [0x06, 0x03, 0x2b, 0x65, 0x71]],
];

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function derTag(tag: number, content: ArrayLike<number>): number[] {
  return [tag, ...derLength(content.length), ...Array.from(content)];
}

/** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { RSAPrivateKey } }. */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const version = [0x02, 0x01, 0x00];
  return Uint8Array.from(derTag(0x30, [...version, ...RSA_ALGORITHM_ID, ...derTag(0x04, pkcs1)]));
}

/**
 * The key type named by a PKCS#8 structure's AlgorithmIdentifier (found by its OID near the start), as node:crypto
 * names it (`rsa`, `ed25519`, `ec`, …); undefined for an OID not listed (a damaged key, or one no backend here reads).
 */
export function pkcs8KeyType(der: Uint8Array): string | undefined {
  const head = Array.from(der.subarray(0, 32));
  const contains = (oid: readonly number[]) => head.some((_, i) => oid.every((byte, j) => head[i + j] === byte));
  return KEY_TYPES.find(([, oid]) => contains(oid))?.[0];
}

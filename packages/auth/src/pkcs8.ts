// Minimal DER for WebCrypto, which imports private keys as PKCS#8 only.
import type { SignatureAlgorithm } from './backend';

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
const RSA_ALGORITHM_ID = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
const RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const ED25519_OID = [0x06, 0x03, 0x2b, 0x65, 0x70];

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

/** The key algorithm named by a PKCS#8 structure's AlgorithmIdentifier (found by its OID near the start). */
export function pkcs8Algorithm(der: Uint8Array): SignatureAlgorithm | undefined {
  const head = Array.from(der.subarray(0, 32));
  const contains = (oid: number[]) => head.some((_, i) => oid.every((byte, j) => head[i + j] === byte));
  if (contains(RSA_OID)) return 'RSA-PSS';
  if (contains(ED25519_OID)) return 'Ed25519';
  return undefined;
}

import { KalshiAuthError } from './errors';
import { unquote } from './text';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const PEM_BLOCKS = new RegExp(PEM_BLOCK.source, 'g');

/**
 * Accepts PEMs pasted from `.env` files: literal `\n` or `\r\n` escapes (escaped twice too, or mixed with real line
 * breaks), surrounding quotes, CRLF line ends. Text only: `canonicalPem` then picks the block and re-wraps it.
 */
export function normalizePem(text: string): string {
  // Escaped twice (`\\n`: JSON-encoded twice, or an .env loader's own escaping on top): any run of backslashes. Beside
  // real line breaks too (a value half unescaped): a base64 body holds no backslash, so an escape there is a break.
  return unquote(text.trim())
    .replace(/(\\+r)?\\+n/g, '\n')
    .replace(/\r\n?/g, '\n');
}

export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/**
 * The one PEM both backends parse: the private key block of a normalised text (a bundle may hold a certificate or
 * the public key too), its base64 body re-wrapped at 64 columns, so indented lines (YAML, heredocs) and lines joined
 * by spaces read the same on node:crypto and WebCrypto. A text without a private key block is returned as its first
 * block, for `privateKeyLabel` to name what it is.
 */
export function canonicalPem(normalized: string): string {
  const blocks = [...normalized.matchAll(PEM_BLOCKS)];
  const keys = blocks.filter(([, label = '']) => label.endsWith('PRIVATE KEY'));
  if (keys.length > 1) {
    throw new KalshiAuthError(
      'malformed_pem',
      `privateKey: the PEM holds ${keys.length} private keys; keep only the one of this API key`,
    );
  }
  const block = keys[0] ?? blocks[0];
  if (!block) return normalized;
  const [whole, label = '', body = ''] = block;
  // Headers (`Proc-Type: 4,ENCRYPTED`) mean a legacy encrypted key: kept as is, `privateKeyLabel` refuses it.
  if (body.includes(':')) return whole;
  const base64 = body.replace(/\s+/g, '');
  checkBase64(base64);
  const lines = base64.match(/.{1,64}/g) ?? [];
  // A label edited by hand to the other encoding's: the body says which it is, so both backends parse the key inside.
  const read = label === 'RSA PRIVATE KEY' || label === 'PRIVATE KEY' ? (encodingOf(base64) ?? label) : label;
  return [`-----BEGIN ${read}-----`, ...lines, `-----END ${read}-----`, ''].join('\n');
}

/**
 * The label of a private key's DER encoding: after the version, PKCS#8's PrivateKeyInfo has its AlgorithmIdentifier
 * (a SEQUENCE), PKCS#1's RSAPrivateKey the modulus (an INTEGER); undefined when the body starts as neither.
 */
function encodingOf(base64: string): PrivateKeyLabel | undefined {
  if (base64.length < 16) return undefined; // no key: left to the parser to refuse
  // 12 bytes: the outer SEQUENCE's tag and length (at most 4 bytes for a key), the version (0 or 1), the next tag.
  const head = atob(base64.slice(0, 16));
  const at = 2 + (head.charCodeAt(1) & 0x80 ? head.charCodeAt(1) & 0x7f : 0);
  if (head.charCodeAt(0) !== 0x30 || head.slice(at, at + 2) !== '\x02\x01' || head.charCodeAt(at + 2) > 1)
    return undefined;
  const next = head.charCodeAt(at + 3);
  return next === 0x30 ? 'PRIVATE KEY' : next === 0x02 ? 'RSA PRIVATE KEY' : undefined;
}

export type PrivateKeyLabel = 'RSA PRIVATE KEY' | 'PRIVATE KEY';

/** Checks the PEM's label and returns it; each unusable kind of PEM gets its own error. */
export function privateKeyLabel(pem: string): PrivateKeyLabel {
  const match = PEM_BLOCK.exec(pem);
  if (!match)
    throw new KalshiAuthError('malformed_pem', 'privateKey: not a well-formed PEM (no matching BEGIN/END lines)');
  const [, label = '', body = ''] = match;
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(body)) {
    throw new KalshiAuthError(
      'encrypted_key',
      'privateKey: the PEM is encrypted with a passphrase; decrypt it first (e.g. `openssl pkey -in key.pem -out plain.pem`)',
    );
  }
  if (label.endsWith('PUBLIC KEY') || label === 'CERTIFICATE') {
    throw new KalshiAuthError(
      'public_key_given',
      `privateKey: got a ${label}, but signing needs the private key Kalshi showed once when the API key was created`,
    );
  }
  if (label !== 'RSA PRIVATE KEY' && label !== 'PRIVATE KEY') {
    throw new KalshiAuthError(
      'unsupported_key_type',
      `privateKey: a "${label}" PEM is not supported; use an RSA or Ed25519 private key`,
    );
  }
  return label;
}

export function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const body = PEM_BLOCK.exec(pem)?.[2] ?? '';
  const base64 = body.replace(/\s+/g, '');
  checkBase64(base64);
  const binary = atob(base64);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

function checkBase64(base64: string): void {
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) {
    throw new KalshiAuthError('malformed_pem', 'privateKey: the PEM body is not valid base64');
  }
}

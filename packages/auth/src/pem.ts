import { KalshiAuthError } from './errors';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** Accepts PEMs pasted from `.env` files: literal `\n` escapes, surrounding quotes, CRLF line ends. */
export function normalizePem(text: string): string {
  let pem = text.trim();
  if ((pem.startsWith('"') && pem.endsWith('"')) || (pem.startsWith("'") && pem.endsWith("'"))) {
    pem = pem.slice(1, -1).trim();
  }
  if (!pem.includes('\n') && pem.includes('\\n')) pem = pem.replace(/\\n/g, '\n');
  return pem.replace(/\r\n?/g, '\n');
}

export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
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
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) {
    throw new KalshiAuthError('malformed_pem', 'privateKey: the PEM body is not valid base64');
  }
  const binary = atob(base64);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

// The browser/worker build's runtime.ts: no node:* modules, so signing goes through WebCrypto.

export function loadNodeCrypto(): Promise<typeof import('node:crypto') | undefined> {
  return Promise.resolve(undefined);
}

export function readTextFile(_path: string): Promise<string> {
  // Caught by the caller, which names the field and the path.
  return Promise.reject(
    Object.assign(new Error('no file system in a browser: pass the PEM string or a CryptoKey'), { code: 'ENOSYS' }),
  );
}

// The browser/worker build's runtime.ts: no node:* modules, so signing goes through WebCrypto.

export function loadNodeCrypto(): Promise<typeof import('node:crypto') | undefined> {
  return Promise.resolve(undefined);
}

export function readTextFile(_path: string): Promise<string> {
  // Caught by the caller, which names the field and the path and shows `code` alone (Node's messages repeat the path):
  // the explanation is in it, so that it reaches the user (round 24 nit 4), at no cost to the Node build.
  const why = 'ENOSYS: no file system in a browser: pass the PEM string or a CryptoKey';
  return Promise.reject(Object.assign(new Error(why), { code: why }));
}

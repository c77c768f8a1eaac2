// What the signer needs from Node (node:crypto, reading a key file), behind one module: browser builds swap in
// runtime.browser.ts (see tsdown.config.ts), so nothing reachable from the `browser`/`worker` export imports node:*.

/** node:crypto where the runtime has it (Node, Bun, Deno), else undefined. */
export function loadNodeCrypto(): Promise<typeof import('node:crypto') | undefined> {
  return import('node:crypto').then(
    (crypto) => (typeof crypto.sign === 'function' ? crypto : undefined),
    () => undefined,
  );
}

export async function readTextFile(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  // A leading ~/ is the home directory, as in the shell the path was written for: an env file, a systemd unit or a
  // compose file passes `KALSHI_PRIVATE_KEY_PATH=~/kalshi.pem` on unexpanded (round 47, A).
  // (homedir as the replacer: its return is taken as is, `$` and all.)
  // Windows PowerShell 5's `>` and Out-File write UTF-16: read as UTF-8, a PEM (ASCII) in it is its characters with a
  // NUL beside each, after a BOM read as U+FFFD, before the BEGIN line the PEM is read from (as any preamble).
  return (await readFile(path.replace(/^~(?=\/)/, (await import('node:os')).homedir), 'utf8')).replace(/\0/g, '');
}

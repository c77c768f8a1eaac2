// Imported before msw, for its side effect on Deno only. msw opens a module-level
// `BroadcastChannel('msw:websocket-client-manager')` as soon as `msw` loads (its WebSocket API, msw 2 and 3 alike)
// and calls `unref()` on it where the object has one (Node). Deno's global BroadcastChannel has no `unref()`, and an
// open one holds Deno's event loop forever: any program importing this package never exited, even after `close()`.
// Deno's own `node:worker_threads` BroadcastChannel is a subclass of the global one that does have `ref()`/`unref()`;
// lending those two methods to the global class lets msw unref its channel as it does on Node. Nothing else changes:
// a channel stays ref'd until someone calls `unref()`.
type RefCounted = { ref(): unknown; unref(): unknown };

interface DenoProcess {
  getBuiltinModule?(id: 'node:worker_threads'): { BroadcastChannel?: { prototype: Partial<RefCounted> } } | undefined;
}

function lendUnrefToDenoBroadcastChannel(): void {
  if (!('Deno' in globalThis) || typeof globalThis.BroadcastChannel !== 'function') return;
  const target = globalThis.BroadcastChannel.prototype as unknown as Partial<RefCounted>;
  if (typeof target.unref === 'function') return;
  const process = (globalThis as { process?: DenoProcess }).process;
  const source = process?.getBuiltinModule?.('node:worker_threads')?.BroadcastChannel?.prototype;
  if (typeof source?.ref !== 'function' || typeof source.unref !== 'function') return;
  for (const name of ['ref', 'unref'] as const)
    Object.defineProperty(target, name, { value: source[name], configurable: true, writable: true });
}

lendUnrefToDenoBroadcastChannel();

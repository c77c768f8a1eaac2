import { EventEmitter } from 'node:events';
import type { StreamSocketConstructor } from '../../src/ws';

/**
 * A WHATWG-style WebSocket (EventTarget, no ping events) driven by the test, with undici's worst habit: close() fires
 * `error` and `close` synchronously, every time it is called (Node 22's global fails a connecting socket that way).
 */
export class FakeSocket extends EventTarget {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closeCalls = 0;
  /** Answer `list_subscriptions` as Kalshi does (`ok` with the list); off: a half-dead connection. */
  answering = true;
  /** An open connection that went silent: close() starts a closing handshake whose reply never comes (no events). */
  closeHangs = false;

  constructor(
    readonly url: string,
    readonly options: { headers: Record<string, string> },
  ) {
    super();
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    const command = JSON.parse(data) as { id: number; cmd: string };
    this.sent.push(command);
    if (command.cmd === 'list_subscriptions' && this.answering)
      queueMicrotask(() => this.receive({ id: command.id, type: 'ok', msg: [] }));
  }

  close(): void {
    this.closeCalls++;
    // A runaway loop would overflow the stack long before this; stop it here so a failing test ends cleanly.
    if (this.closeCalls > 50) throw new Error('close() re-entered 50 times');
    if (this.closeHangs) return;
    this.dispatchEvent(new Event('error'));
    this.drop();
  }

  /** The server side: opens, sends, fails, drops. */
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  receive(message: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  refuse(): void {
    this.dispatchEvent(new Event('error'));
  }

  drop(): void {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code: 1006, reason: '' }));
  }
}

/** The same socket in the `ws` package's shape (EventEmitter, terminate()), as badly behaved. */
export class FakeEmitterSocket extends EventEmitter {
  constructor(
    readonly url = '',
    readonly options: { headers: Record<string, string> } = { headers: {} },
  ) {
    super();
  }

  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closeCalls = 0;
  answering = true;
  readonly send = FakeSocket.prototype.send;

  close(): void {
    this.terminate();
  }

  terminate(): void {
    this.closeCalls++;
    if (this.closeCalls > 50) throw new Error('terminate() re-entered 50 times');
    this.emit('error', new Error('closed before the connection was established'));
    this.drop();
  }

  open(): void {
    this.readyState = 1;
    this.emit('open');
  }

  receive(message: unknown): void {
    this.emit('message', JSON.stringify(message));
  }

  refuse(): void {
    this.emit('error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
  }

  /** The server answers the handshake with an HTTP error, as `ws` reports it (`unexpected-response`, then close). */
  answer(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const response = Object.assign(new EventEmitter(), { statusCode: status, headers });
    this.emit('unexpected-response', { destroy: () => this.drop() }, response);
    response.emit('data', JSON.stringify(body));
    response.emit('end');
  }

  drop(): void {
    this.readyState = 3;
    this.emit('close', 1006, Buffer.from(''));
  }
}

/**
 * A fake socket class whose sockets open (or are refused) on the next microtask, recording each one; `connect`, if
 * given, decides instead what the server does with the n-th socket (0 for the first).
 */
export function fakeSockets<S extends 'whatwg' | 'emitter' = 'whatwg'>(
  style: S = 'whatwg' as S,
  connect?: (socket: S extends 'emitter' ? FakeEmitterSocket : FakeSocket, n: number) => void,
) {
  const created: (FakeSocket | FakeEmitterSocket)[] = [];
  let refuse = false;
  const Base = style === 'whatwg' ? FakeSocket : FakeEmitterSocket;
  class Recording extends (Base as typeof FakeSocket) {
    constructor(url: string, options: { headers: Record<string, string> }) {
      super(url, options);
      const n = created.push(this) - 1;
      queueMicrotask(() => {
        if (connect) connect(this as never, n);
        else if (refuse) this.refuse();
        else this.open();
      });
    }
  }
  return {
    created,
    WebSocket: Recording as unknown as StreamSocketConstructor,
    /** From now on, connections are refused (like a closed port). */
    refuseNext: () => {
      refuse = true;
    },
    last: () => created[created.length - 1] as FakeSocket,
  };
}

import { WebSocket } from 'ws';
import type { StreamSocketConstructor } from '../../src/ws';

/** A WebSocket as Node ≥ 22's: EventTarget events, and an `error` that says nothing of why (no status, no body). */
export class SilentSocket extends EventTarget {
  private readonly socket: WebSocket;
  constructor(url: string, options: { headers: Record<string, string> }) {
    super();
    this.socket = new WebSocket(url, { headers: options.headers });
    this.socket.on('open', () => this.dispatchEvent(new Event('open')));
    this.socket.on('message', (data) => this.dispatchEvent(new MessageEvent('message', { data: String(data) })));
    this.socket.on('error', () => this.dispatchEvent(new Event('error')));
    this.socket.on('close', (code, reason) =>
      this.dispatchEvent(Object.assign(new Event('close'), { code, reason: String(reason) })),
    );
  }
  get readyState() {
    return this.socket.readyState;
  }
  send(data: string) {
    this.socket.send(data);
  }
  close(code?: number, reason?: string) {
    this.socket.close(code, reason);
  }
}
export const Silent = SilentSocket as unknown as StreamSocketConstructor;

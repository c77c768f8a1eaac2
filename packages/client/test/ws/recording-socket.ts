import { WebSocket } from 'ws';
import type { StreamSocketConstructor } from '../../src/ws';

/** The `ws` class (it shows a refused handshake's response), recording every socket the stream creates. */
export function recordingWebSocket() {
  const created: WebSocket[] = [];
  class Recording extends WebSocket {
    constructor(url: string, options: { headers: Record<string, string> }) {
      super(url, options);
      created.push(this);
    }
  }
  return { created, WebSocket: Recording as unknown as StreamSocketConstructor };
}

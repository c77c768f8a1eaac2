import { createSigner } from '@org/kalshi-auth';
import { WebSocket } from 'ws';
import type { RunningKalshiMockServer } from '../../src/node';

export { signedFetch as rest } from '../helpers';

// biome-ignore lint/suspicious/noExplicitAny: stream messages are inspected freely in tests
export type Message = Record<string, any>;

/** A plain `ws` connection to the mock with every received message recorded, and a way to await one. */
export interface TestSocket {
  readonly ws: WebSocket;
  readonly received: Message[];
  send(command: unknown): void;
  /** The earliest matching message not yet returned by an earlier call (waits for one to arrive). */
  next(match: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  /** Resolves with the close code once the connection closes. */
  readonly closed: Promise<number>;
}

export async function signedHeaders(server: RunningKalshiMockServer, url = server.streamUrl) {
  const { keyId, privateKeyPem } = server.mock.credentials;
  const signer = await createSigner({ keyId, privateKey: privateKeyPem });
  return signer.sign({ method: 'GET', url });
}

export function openSocket(url: string, headers: Record<string, string>): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers });
  const received: Message[] = [];
  const waiters = new Set<() => void>();
  const taken = new Set<number>();
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const socket: TestSocket = {
    ws,
    received,
    closed,
    send: (command) => ws.send(JSON.stringify(command)),
    next(match, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = 0; i < received.length; i++) {
            const message = received[i] as Message;
            if (!taken.has(i) && match(message)) {
              taken.add(i);
              waiters.delete(check);
              clearTimeout(timer);
              resolve(message);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(received.slice(-5))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () =>
        reject(
          Object.assign(new Error(`handshake ${res.statusCode}`), {
            status: res.statusCode,
            body,
            headers: res.headers,
          }),
        ),
      );
    });
    ws.once('error', reject);
  });
}

/** A signed connection to the running mock. */
export async function connect(server: RunningKalshiMockServer): Promise<TestSocket> {
  return openSocket(server.streamUrl, await signedHeaders(server));
}

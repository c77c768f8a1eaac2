import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@org/kalshi-auth';
import { type WebSocket, WebSocketServer } from 'ws';
import { key } from '../helpers';

/** Channels that take a market filter (AsyncAPI; kalshi-api-notes §9.5). */
const MARKET_CHANNELS: ReadonlySet<string> = new Set([
  'orderbook_delta',
  'ticker',
  'trade',
  'fill',
  'market_positions',
  'user_orders',
]);

/** A small Kalshi-like WebSocket server on loopback: signed handshakes, subscribe/unsubscribe, sids and seq. */
export async function startFakeKalshiWs() {
  const handshakes: { signature: string; ok: boolean }[] = [];
  const commands: Record<string, unknown>[] = [];
  const sockets = new Set<WebSocket>();
  /** Highest seq sent per sid (by `broadcast` or a snapshot), so a `get_snapshot` reply continues the sequence. */
  const seqs = new Map<number, number>();
  /** Channels whose subscribe is refused with error 11 (to make a restore after a reconnect fail). */
  const refused = new Set<string>();
  /** Sids whose update_subscription is refused with error 11 "Invalid parameter" (to make one fail half way). */
  const refusedUpdates = new Set<number>();
  /**
   * Sids the server ended (a test sends their terminal error): an unsubscribe naming one is answered 7 "Unknown
   * subscription ID" and unsubscribes none of its sids, as the mock's (kalshi-mock session.ts unsubscribe).
   */
  const ended = new Set<number>();
  /** Sids an unsubscribe ended. */
  const unsubscribed = new Set<number>();
  /** Each sid's channel: update_subscription on a channel without a market filter is error 13, as Kalshi's. */
  const channelOf = new Map<number, string>();
  /**
   * `snapshots` off: a subscribe to the order book sends no snapshot (one lost on the way); get_snapshot still
   * answers. `answerList` off: list_subscriptions goes unanswered (a connection gone silent). `answerUpdates` off:
   * add_markets/delete_markets are applied but not answered (a reply still on the way when the connection drops).
   * `updateError`: the code a refused update_subscription gets (see refusedUpdates).
   */
  const options = { snapshots: true, answerList: true, answerUpdates: true, updateError: 11 };
  /** Commands for which `hold` says true wait here, unanswered, until `release()` (a reply still on the way). */
  const held: { command: Record<string, unknown>; go: () => void }[] = [];
  const control: { hold?: (command: Record<string, unknown>) => boolean } = {};
  /** While set, upgrade requests are parked here (the client stays mid-handshake) instead of being answered. */
  let parkUpgrade: ((socket: { destroy(): void }) => void) | undefined;
  const parked = new Set<{ destroy(): void }>();
  /** Re-checked after every handshake, command and disconnect: event-driven waits for tests. */
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const notify = () => {
    for (const waiter of waiters.filter((w) => w.check())) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  let nextSid = 1;
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', async (request: IncomingMessage, socket, head) => {
    if (parkUpgrade) {
      parked.add(socket);
      parkUpgrade(socket);
      return;
    }
    const result = await verifySignature({
      method: 'GET',
      url: request.url ?? '/',
      headers: request.headers as Record<string, string>,
      publicKey: (id) => (id === key.keyId ? key.publicKeyPem : undefined),
    });
    handshakes.push({ signature: String(request.headers['kalshi-access-signature']), ok: result.ok });
    if (!result.ok) {
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n{"error":{"code":"${result.reason}"}}`,
      );
      notify();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      notify();
      ws.on('close', () => {
        sockets.delete(ws);
        notify();
      });
      ws.on('message', (data) => {
        const command = JSON.parse(String(data));
        if (control.hold?.(command)) {
          commands.push(command);
          held.push({ command, go: () => handle(data, false) });
        } else handle(data);
        notify();
      });
      const handle = (data: unknown, record = true) => {
        const command = JSON.parse(String(data));
        if (record) commands.push(command);
        const { id, cmd, params = {} } = command;
        if (cmd === 'subscribe') {
          for (const channel of params.channels) {
            if (refused.has(channel)) {
              // Kalshi does not document which code a refused subscribe gets; 11 "Invalid parameter" stands in (not 17
              // "Internal error" or 18 "Command timeout": the server failing, which the client tries again).
              ws.send(JSON.stringify({ id, type: 'error', msg: { code: 11, msg: 'Invalid parameter' } }));
              return;
            }
            if (channel === 'nonsense') {
              ws.send(JSON.stringify({ id, type: 'error', msg: { code: 8, msg: 'Unknown channel name' } }));
              return;
            }
            const sid = nextSid++;
            channelOf.set(sid, channel);
            ws.send(JSON.stringify({ id, type: 'subscribed', msg: { channel, sid } }));
            if (channel === 'orderbook_delta' && options.snapshots)
              for (const market of params.market_tickers ?? []) snapshot(ws, sid, market);
          }
        } else if (cmd === 'list_subscriptions' && options.answerList) {
          // The reply comes after everything sent before it: a test's point of "all delivered".
          const list = [...channelOf].map(([sid, channel]) => ({ channel, sid }));
          ws.send(JSON.stringify({ id, type: 'ok', msg: list }));
        } else if (cmd === 'unsubscribe') {
          if (params.sids.some((sid: number) => ended.has(sid) || unsubscribed.has(sid)))
            ws.send(JSON.stringify({ id, type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } }));
          else
            for (const sid of params.sids) {
              unsubscribed.add(sid);
              ws.send(JSON.stringify({ id, sid, seq: 0, type: 'unsubscribed' }));
            }
        } else if (cmd === 'update_subscription' && params.action === 'get_snapshot') {
          // Answered by the snapshots themselves, carrying the command's id (AsyncAPI spec), no `ok`.
          for (const market of params.market_tickers) snapshot(ws, params.sid, market, id);
        } else if (cmd === 'update_subscription' && !MARKET_CHANNELS.has(channelOf.get(params.sid) as string)) {
          ws.send(JSON.stringify({ id, type: 'error', msg: { code: 13, msg: 'Unsupported action' } }));
        } else if (cmd === 'update_subscription' && refusedUpdates.has(params.sid)) {
          const msg = { 11: 'Invalid parameter', 17: 'Internal error', 18: 'Command timeout' }[options.updateError];
          ws.send(JSON.stringify({ id, type: 'error', msg: { code: options.updateError, msg } }));
        } else if (cmd === 'update_subscription' && options.answerUpdates) {
          ws.send(
            JSON.stringify({ id, sid: params.sid, seq: 0, type: 'ok', msg: { market_tickers: params.market_tickers } }),
          );
        }
      };
    });
  });
  function snapshot(ws: WebSocket, sid: number, market: string | undefined, id?: number) {
    const seq = (seqs.get(sid) ?? 0) + 1;
    seqs.set(sid, seq);
    const msg = { market_ticker: market, yes_dollars_fp: [['0.4000', '10.00']], no_dollars_fp: [] };
    ws.send(JSON.stringify({ ...(id === undefined ? {} : { id }), type: 'orderbook_snapshot', sid, seq, msg }));
  }
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/trade-api/ws/v2`;
  return {
    url,
    handshakes,
    commands,
    /** Sends a message to every connected client. */
    broadcast(message: { readonly sid?: number; readonly seq?: number; readonly [field: string]: unknown }) {
      if (message.sid !== undefined && message.seq !== undefined)
        seqs.set(message.sid, Math.max(seqs.get(message.sid) ?? 0, message.seq));
      for (const ws of sockets) ws.send(JSON.stringify(message));
    },
    /** Sends a text frame as it is (not necessarily JSON, nor an object) to every connected client. */
    sendText(text: string) {
      for (const ws of sockets) ws.send(text);
    },
    /** Sends `text`'s bytes as a binary frame to every connected client. */
    sendBinary(text: string) {
      for (const ws of sockets) ws.send(Buffer.from(text), { binary: true });
    },
    refused,
    refusedUpdates,
    ended,
    unsubscribed,
    /** Commands `hold(command)` says true for are recorded but not answered until `release()`. */
    set hold(predicate: ((command: Record<string, unknown>) => boolean) | undefined) {
      control.hold = predicate;
    },
    held: () => held.map((h) => h.command),
    /** Answers the held commands now, in the order they came. */
    release() {
      for (const { go } of held.splice(0)) go();
      notify();
    },
    options,
    /** Resolves when the next upgrade request arrives, which is then left unanswered (until close()). */
    parkNextUpgrade: () =>
      new Promise<void>((resolve) => {
        parkUpgrade = () => {
          parkUpgrade = undefined;
          resolve();
        };
      }),
    dropAll() {
      for (const ws of sockets) ws.terminate();
    },
    connections: () => sockets.size,
    /** Resolves once `check()` holds, re-checked after every handshake, command (and its replies) and disconnect. */
    when: (check: () => boolean) =>
      new Promise<void>((resolve) => (check() ? resolve() : waiters.push({ check, resolve }))),
    /** Resolves once no client is connected (each server-side socket has closed). */
    idle: () =>
      new Promise<void>((resolve) =>
        sockets.size === 0 ? resolve() : waiters.push({ check: () => sockets.size === 0, resolve }),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        for (const socket of parked) socket.destroy();
        wss.close();
        http.close(() => resolve());
      }),
  };
}

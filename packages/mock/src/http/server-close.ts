// Closing the node:http server so that nothing of it is left once the close resolves (README: "`close()` leaves
// nothing running"). node's `server.close()` calls back as soon as no connection is counted, before the sockets'
// handles and its own listening handle have finished closing.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
// Bound at import: fake timers installed later (`vi.useFakeTimers()`) replace the global and the module's property,
// not this binding, so a close under them still resolves.
import { setImmediate } from 'node:timers';

/**
 * Tracks `server`'s sockets (upgraded ones too) from now on. The function it returns stops listening, closes every
 * HTTP connection and resolves once the server's sockets and listening handle are closed (WebSockets are left to their
 * own close, which the server waits for).
 */
export function closerOf(server: Server): () => Promise<void> {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    // Every socket is destroyed by now; its 'close' comes once its handle has closed.
    await Promise.all([...open].map((socket) => new Promise((resolve) => socket.once('close', resolve))));
    // libuv closes the listening handle in its loop's close phase, which follows the check phase: an immediate queued
    // from an immediate runs after a whole close phase, wherever in the loop the close began.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  };
}

import type { Exchange } from '../../src';
import type { Message } from './client';
import { expectConforming } from './conformance';
import { openSession, type SessionHarness } from './session';

/**
 * Sessions of several users on one exchange, each subscribed at once to `channels` (`params` added) and recording its
 * frames. `frames(userId)`: those of the user's first session. `close()` (afterEach) checks every session's frames
 * against the AsyncAPI message schemas, then disposes the sessions.
 */
export function partySessions(exchange: Exchange, channels: readonly string[]) {
  const sessions: SessionHarness[] = [];
  const first = new Map<string, Message[]>();
  return {
    open(userId: string, params: Record<string, unknown> = {}): Message[] {
      const party = openSession({ exchange, userId });
      sessions.push(party);
      party.send({ id: 1, cmd: 'subscribe', params: { channels, ...params } });
      if (!first.has(userId)) first.set(userId, party.frames);
      return party.frames;
    },
    frames: (userId: string): Message[] => first.get(userId) ?? [],
    async close(): Promise<void> {
      for (const party of sessions) await expectConforming(party.frames);
      for (const party of sessions.splice(0)) party.session.dispose();
      first.clear();
    },
  };
}

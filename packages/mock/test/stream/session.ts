import { Exchange, type ExchangeOptions, TEST_USER_ID } from '../../src';
import { createFaults, type FaultRegistry } from '../../src/shared/faults';
import { StreamSession } from '../../src/stream/session';
import type { Message } from './client';

/** A stream session on an in-memory exchange with a transport that records frames: no sockets, no waiting. */
export interface SessionHarness {
  readonly exchange: Exchange;
  readonly faults: FaultRegistry;
  readonly session: StreamSession;
  /** Every frame sent so far. */
  readonly frames: Message[];
  /** How many times the session cut the connection (`transport.drop()`). */
  readonly drops: () => number;
  /** Sends a command; returns the frames it caused (synchronously). */
  send(command: unknown): Message[];
}

/** A session of `userId` (the test key's user unless given) on `exchange`, or on a new one made with the options. */
export function openSession(options: ExchangeOptions & { exchange?: Exchange; userId?: string } = {}): SessionHarness {
  const { exchange: given, userId = TEST_USER_ID, ...exchangeOptions } = options;
  const exchange = given ?? new Exchange({ seed: 1, now: Date.UTC(2026, 11, 1), ...exchangeOptions });
  const faults = createFaults(() => exchange.draw());
  const frames: Message[] = [];
  let drops = 0;
  const session = new StreamSession({
    exchange,
    userId,
    faults,
    transport: {
      send: (text) => frames.push(JSON.parse(text)),
      drop: () => {
        drops++;
      },
    },
  });
  return {
    exchange,
    faults,
    session,
    frames,
    drops: () => drops,
    send(command) {
      const before = frames.length;
      session.receive(typeof command === 'string' ? command : JSON.stringify(command));
      return frames.slice(before);
    },
  };
}

/** Tickers of the exchange's active markets. */
export function activeTickers(exchange: Exchange): string[] {
  return [...exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
}

// Every command and every error code of Kalshi's AsyncAPI spec, read from the spec itself: each command message's
// examples run against the mock and get their documented reply; each code of `x-error-codes` is provoked. Every
// frame is validated against the spec's message schemas (conformance.ts). A command or code added to the spec
// fails here until the mock handles it.
import { resolve } from 'node:path';
import { loadAsyncApiSpec } from '@org/kalshi-codegen';
import { beforeAll, describe, expect, it } from 'vitest';
import { Exchange } from '../../src';
import type { Message } from './client';
import { expectConforming } from './conformance';
import { openSession, type SessionHarness } from './session';

const SPEC = resolve(import.meta.dirname, '../../../../spec/.cache/kalshi-asyncapi.yaml');

interface CommandMessage {
  readonly name: string;
  readonly payload: { $ref: string };
  readonly examples?: { name: string; payload: Message }[];
}

let commands: [string, CommandMessage][];
let codes: { code: number; name: string }[];
beforeAll(async () => {
  const { document } = (await loadAsyncApiSpec(SPEC)) as unknown as {
    document: {
      components: { messages: Record<string, CommandMessage> };
      'x-error-codes': { codes: { code: number; name: string }[] };
    };
  };
  commands = Object.entries(document.components.messages).filter(([, m]) =>
    m.payload?.$ref?.endsWith('CommandPayload'),
  );
  codes = document['x-error-codes'].codes;
});

/** A session on an exchange holding every market the spec's examples name (they are not in the default dataset). */
function session(): SessionHarness {
  const exchange = new Exchange({ seed: 1, now: Date.UTC(2026, 11, 1), empty: true });
  for (const [, message] of commands)
    for (const { payload } of message.examples ?? []) {
      const { market_ticker, market_tickers } = (payload.params ?? {}) as Record<string, unknown>;
      for (const ticker of [market_ticker, ...((market_tickers as unknown[]) ?? [])])
        if (typeof ticker === 'string' && !exchange.markets.has(ticker)) exchange.addMarket({ ticker });
    }
  return openSession({ exchange });
}

/**
 * What each command needs before its examples can run (the examples name sids like 456), and the reply types the
 * spec documents for it (AsyncAPI receive operations; get_snapshot: orderbookSnapshotPayload.id).
 */
const COMMANDS: Record<string, { setup?: (h: SessionHarness, example: Message) => number[]; replies: string[] }> = {
  subscribeCommand: { replies: ['subscribed'] },
  unsubscribeCommand: {
    setup: (h) => sidsOf(h.send({ id: 90, cmd: 'subscribe', params: { channels: ['ticker', 'trade'] } })),
    replies: ['unsubscribed'],
  },
  listSubscriptionsCommand: { replies: ['ok'] },
  updateSubscriptionCommand: { setup: (h) => orderbookFor(h, ['CPI-22DEC-TN0.1']), replies: ['ok'] },
  updateSubscriptionDeleteCommand: { setup: (h, e) => orderbookFor(h, e.params.market_tickers), replies: ['ok'] },
  updateSubscriptionGetSnapshotCommand: {
    setup: (h, e) => orderbookFor(h, e.params.market_tickers),
    replies: ['orderbook_snapshot'],
  },
  updateSubscriptionSingleSidCommand: { setup: (h) => orderbookFor(h, ['CPI-22DEC-TN0.1']), replies: ['ok'] },
  cfbenchmarksUpdateSubscriptionCommand: {
    setup: (h) => sidsOf(h.send({ id: 90, cmd: 'subscribe', params: { channels: ['cfbenchmarks_value'] } })),
    replies: ['ok', 'cfbenchmarks_value_indexlist'],
  },
  pythUpdateSubscriptionCommand: {
    setup: (h) => sidsOf(h.send({ id: 90, cmd: 'subscribe', params: { channels: ['pyth_value'] } })),
    replies: ['ok', 'pyth_value_underlying_list'],
  },
};

const sidsOf = (frames: Message[]) => frames.filter((f) => f.type === 'subscribed').map((f) => f.msg.sid as number);
const orderbookFor = (h: SessionHarness, markets: string[]) =>
  sidsOf(h.send({ id: 90, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: markets } }));

/** The example with its sid(s) replaced by the ones the setup created. */
function withSids(example: Message, sids: number[]): Message {
  const params = { ...example.params };
  if ('sid' in params) params.sid = sids[0];
  if ('sids' in params) params.sids = sids.slice(0, params.sids.length);
  return { ...example, params };
}

describe('every command in the spec', () => {
  it('has an entry in this table (and the table names only commands the spec has)', () => {
    expect(commands.map(([key]) => key).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it("runs every example of every command and answers with the documented reply, carrying the command's id", async () => {
    let ran = 0;
    for (const [key, message] of commands) {
      const entry = COMMANDS[key];
      expect(entry, key).toBeDefined();
      expect(message.examples?.length, `${key} has examples`).toBeGreaterThan(0);
      for (const { name, payload } of message.examples ?? []) {
        const h = session();
        const command = withSids(payload, entry?.setup?.(h, payload) ?? []);
        const frames = h.send(command);
        const replies = frames.filter((f) => f.id === command.id);
        expect(replies.length, `${key}/${name}: ${JSON.stringify(frames)}`).toBeGreaterThan(0);
        for (const reply of replies) expect(entry?.replies, `${key}/${name}`).toContain(reply.type);
        await expectConforming(h.frames);
        h.session.dispose();
        ran++;
      }
    }
    expect(ran).toBeGreaterThanOrEqual(commands.length);
  });
});

/**
 * How to provoke each code. Codes no client input can cause on the mock (authentication happens at the handshake;
 * channel errors, timeouts, match ids, buffer overflows, market limits and command rate limits depend on Kalshi's
 * internals) come from a command fault, which answers the next command with the code.
 */
const PROVOKE: Record<number, (h: SessionHarness) => unknown> = {
  1: () => 'not json',
  2: () => ({ id: 9, cmd: 'subscribe' }),
  3: () => ({ id: 9, cmd: 'subscribe', params: { channels: [] } }),
  4: () => ({ id: 9, cmd: 'unsubscribe', params: {} }),
  5: () => ({ id: 9, cmd: 'subscribe_all', params: {} }),
  7: () => ({ id: 9, cmd: 'unsubscribe', params: { sids: [42] } }),
  8: () => ({ id: 9, cmd: 'subscribe', params: { channels: ['orderbook'] } }),
  11: () => ({ id: 9, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: ['NOPE-1'] } }),
  12: () => ({ id: 9, cmd: 'update_subscription', params: { sids: [1, 2], action: 'add_markets' } }),
  13: (h) => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'] } });
    return { id: 9, cmd: 'update_subscription', params: { sid: 1, action: 'replace' } };
  },
  14: () => ({ id: 9, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } }),
  15: (h) => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'] } });
    return { id: 9, cmd: 'update_subscription', params: { sid: 1 } };
  },
  19: () => ({ id: 9, cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 0 } }),
  20: () => ({ id: 9, cmd: 'subscribe', params: { channels: ['communications'], shard_key: 0 } }),
  21: () => ({ id: 9, cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 2, shard_key: 2 } }),
  22: () => ({ id: 9, cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 101 } }),
  24: (h) => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['cfbenchmarks_value'] } });
    return { id: 9, cmd: 'update_subscription', params: { sid: 1, action: 'subscribe_indices' } };
  },
  28: (h) => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['pyth_value'] } });
    return { id: 9, cmd: 'update_subscription', params: { sid: 1, action: 'unsubscribe_underlyings' } };
  },
};
const BY_FAULT = [9, 10, 18, 23, 25, 26, 27];
for (const code of BY_FAULT)
  PROVOKE[code] = (h) => {
    h.faults.add({ command: 'subscribe', kind: 'error', code, times: 1 });
    return { id: 9, cmd: 'subscribe', params: { channels: ['ticker'] } };
  };

describe('every error code in the spec (x-error-codes)', () => {
  it('has a way to provoke it in this table', () => {
    expect(codes.map((c) => c.code)).toEqual(
      Object.keys(PROVOKE)
        .map(Number)
        .sort((a, b) => a - b),
    );
  });

  it('answers with the code and its documented message, with the command id when it has one', async () => {
    for (const { code, name } of codes) {
      const h = session();
      const command = PROVOKE[code]?.(h);
      const frames = h.send(command);
      expect(frames, `code ${code}`).toEqual([
        {
          ...(typeof command === 'string' ? {} : { id: 9 }),
          type: 'error',
          msg: expect.objectContaining({ code, msg: name }),
        },
      ]);
      await expectConforming(h.frames);
      h.session.dispose();
    }
  });

  it('fires a command fault once: the next command runs normally', () => {
    const h = session();
    h.faults.add({ command: 'subscribe', kind: 'error', code: 18, times: 1 });
    expect(h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } })[0]?.msg.code).toBe(18);
    expect(h.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } })[0]?.type).toBe('subscribed');
  });
});

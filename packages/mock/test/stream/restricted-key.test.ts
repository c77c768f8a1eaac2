// A subaccount-restricted API key on the stream (tester V, V-D4). Spec 3.31.0 GenerateApiKeyRequest.subaccount: "A
// restricted key may only read and trade on that sub-account". Its REST reads leave other subaccounts' objects out
// (key-permissions.ts keyMayRead); a stream opened with it does the same for every private message: `fill`,
// `user_order`, `market_position`, `order_group_updates`, the quote messages of `communications`, and the
// own-order fields (`client_order_id`, `subaccount`) of `orderbook_delta`. Public messages (trades, tickers, book
// levels, RFQs) are unchanged. Kalshi's own stream for restricted keys is not recorded (the notes are silent): the
// mock follows the spec sentence and its REST.
import { createSigner } from '@org/kalshi-auth';
import { afterEach, describe, expect, it } from 'vitest';
import { Exchange, TEST_USER_ID } from '../../src';
import { ledger } from '../../src/exchange/accounts';
import { generateApiKey } from '../../src/exchange/api-keys';
import { createOrderGroup } from '../../src/exchange/order-groups';
import { communications } from '../../src/exchange/rfqs';
import { createSubaccount } from '../../src/exchange/subaccounts';
import { startKalshiMockServer } from '../../src/node';
import { createFaults } from '../../src/shared/faults';
import { StreamSession } from '../../src/stream/session';
import { type Message, openSocket, signedHeaders, type TestSocket } from './client';
import { expectConforming } from './conformance';

const TICKER = 'KXKEYWS-26DEC31-T1';
const OTHER = '5b0f2c1e-8d7a-4c3b-9e6f-0a1b2c3d4e5f';
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only

/** The owner's user trades `contracts` YES in `subaccount` against a resting ask of OTHER. */
function trade(exchange: Exchange, subaccount: number, clientOrderId: string, contracts = 2) {
  const order = { ticker: TICKER, price: D('0.40'), count: contracts * 100, selfTradePrevention: 'maker' } as const;
  exchange.createOrder(OTHER, { ...order, side: 'ask', timeInForce: 'good_till_canceled' });
  exchange.createOrder(TEST_USER_ID, {
    ...order,
    side: 'bid',
    timeInForce: 'good_till_canceled',
    subaccount,
    clientOrderId,
  });
}

/** A subaccount 1 with cash, and a key restricted to it. */
function restrictedKey(exchange: Exchange) {
  const sub = createSubaccount(exchange, TEST_USER_ID);
  ledger(exchange, TEST_USER_ID, sub).cash = D('100');
  return { sub, key: generateApiKey(exchange, TEST_USER_ID, { name: 'desk-1', subaccount: sub }) };
}

const PRIVATE = ['fill', 'user_order', 'market_position', 'order_group_updates', 'quote_created', 'quote_accepted'];
/** Order groups by id: their messages do not name the subaccount (AsyncAPI orderGroupUpdatesPayload). */
const groupSubaccounts = new Map<string, number>();
/** The subaccount a private message concerns (a user_order names it `subaccount_number`). */
const subaccountOf = (m: Message): number =>
  m.msg.subaccount ?? m.msg.subaccount_number ?? groupSubaccounts.get(m.msg.order_group_id) ?? 0;
const privates = (frames: Message[]) =>
  frames.filter((f) => PRIVATE.includes(f.type)).map((f) => [f.type, subaccountOf(f)]);

describe('a stream opened with a subaccount-restricted key (node server, signed handshake)', () => {
  const sockets: TestSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.ws.close();
  });

  it('gets only its subaccount’s fills, orders and positions; the owner’s stream gets both subaccounts’', async () => {
    const server = await startKalshiMockServer({ pingIntervalMs: 0 });
    try {
      const { exchange } = server.mock;
      exchange.addMarket({ ticker: TICKER });
      const { sub, key } = restrictedKey(exchange);
      const signer = await createSigner({ keyId: key.info.keyId, privateKey: key.privateKeyPem });
      const owner = await openSocket(server.streamUrl, await signedHeaders(server));
      const desk = await openSocket(server.streamUrl, await signer.sign({ method: 'GET', url: server.streamUrl }));
      sockets.push(owner, desk);
      for (const socket of [owner, desk]) {
        socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['fill', 'user_orders', 'market_positions'] } });
        await socket.next((m) => m.id === 1 && m.msg?.channel === 'market_positions');
      }

      trade(exchange, 0, 'primary-1');
      trade(exchange, sub, 'desk-1');
      // The session sends an event's messages as it happens: a later command's reply comes after all of them.
      for (const socket of [owner, desk]) {
        socket.send({ id: 2, cmd: 'list_subscriptions' });
        await socket.next((m) => m.id === 2);
      }

      // A bid that fills at once: its fill, the position, the order (executed).
      const kinds = (subaccount: number) => [
        ['fill', subaccount],
        ['market_position', subaccount],
        ['user_order', subaccount],
      ];
      expect(privates(desk.received)).toEqual(kinds(sub));
      expect(privates(owner.received)).toEqual([...kinds(0), ...kinds(sub)]);
      await expectConforming(desk.received);
    } finally {
      await server.close();
    }
  });
});

describe('every private channel, on sessions of one user (owner, restricted key)', () => {
  const sessions: StreamSession[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.dispose();
  });

  function open(exchange: Exchange, keySubaccount?: number): Message[] {
    const frames: Message[] = [];
    const session = new StreamSession({
      exchange,
      userId: TEST_USER_ID,
      ...(keySubaccount !== undefined ? { keySubaccount } : {}),
      faults: createFaults(() => exchange.draw()),
      transport: { send: (text) => frames.push(JSON.parse(text)), drop: () => {} },
    });
    sessions.push(session);
    const channels = ['fill', 'user_orders', 'market_positions', 'order_group_updates', 'communications'];
    session.receive(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels } }));
    session.receive(
      JSON.stringify({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [TICKER] } }),
    );
    return frames;
  }

  it('sends the restricted key’s session only subaccount 1’s private messages and own-order fields', async () => {
    const exchange = new Exchange({ seed: 1, empty: true, now: Date.UTC(2026, 11, 1) });
    exchange.addMarket({ ticker: TICKER });
    const { sub } = restrictedKey(exchange);
    const owner = open(exchange);
    const desk = open(exchange, sub);

    for (const subaccount of [0, sub]) {
      const group = createOrderGroup(exchange, TEST_USER_ID, { limit: 1_000, subaccount });
      groupSubaccounts.set(group.id, subaccount);
      // A resting bid: a book delta with the owner's client_order_id.
      exchange.createOrder(TEST_USER_ID, {
        ticker: TICKER,
        side: 'bid',
        price: D('0.10'),
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
        subaccount,
        clientOrderId: `rest-${subaccount}`,
      });
      trade(exchange, subaccount, `trade-${subaccount}`);
      // The user's RFQ, quoted by OTHER; and OTHER's RFQ, quoted by the user.
      const rfqDesk = communications(exchange);
      const rfq = rfqDesk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 500, restRemainder: false, subaccount });
      const quote = rfqDesk.createQuote(OTHER, {
        rfqId: rfq.id,
        yesBid: D('0.40'),
        noBid: D('0.55'),
        restRemainder: false,
      });
      rfqDesk.acceptQuote(TEST_USER_ID, quote.id, 'yes');
      const theirs = rfqDesk.createRfq(OTHER, { ticker: TICKER, contracts: 500, restRemainder: false });
      rfqDesk.createQuote(TEST_USER_ID, {
        rfqId: theirs.id,
        yesBid: D('0.40'),
        noBid: D('0.55'),
        restRemainder: false,
        subaccount,
      });
    }

    const types = (frames: Message[], subaccount: number) =>
      privates(frames)
        .filter(([, s]) => s === subaccount)
        .map(([type]) => type);
    const every = [...new Set(types(owner, 0))].sort();
    expect(every).toEqual([...PRIVATE].sort());
    // The owner hears both subaccounts; the restricted key exactly what the owner hears of subaccount 1.
    expect(types(owner, sub)).toEqual(types(owner, 0));
    expect(privates(desk)).toEqual(privates(owner).filter(([, s]) => s === sub));

    // Book deltas: the same levels on both; the own-order fields only on the order's subaccount.
    const own = (frames: Message[]) =>
      frames.filter((f) => f.type === 'orderbook_delta' && f.msg.client_order_id).map((f) => f.msg.client_order_id);
    // (The trades' bids fill at once: their deltas are OTHER's asks leaving, which carry no own-order fields.)
    expect(own(owner)).toEqual(['rest-0', 'rest-1']);
    expect(own(desk)).toEqual(['rest-1']);
    const levels = (frames: Message[]) =>
      frames.filter((f) => f.type === 'orderbook_delta').map((f) => [f.msg.side, f.msg.price_dollars, f.msg.delta_fp]);
    expect(levels(desk)).toEqual(levels(owner));

    // Public: both sessions get every RFQ.
    const rfqs = (frames: Message[]) => frames.filter((f) => f.type === 'rfq_created').length;
    expect([rfqs(owner), rfqs(desk)]).toEqual([4, 4]);
    await expectConforming(owner);
    await expectConforming(desk);
  });
});

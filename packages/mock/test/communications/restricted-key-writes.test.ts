import { createSigner } from '@org/kalshi-auth';
import { describe, expect, it } from 'vitest';
import { type As, blockTradeBody, twoTraders } from '../accounts/traders';
import { BASE, call } from '../helpers';

// RFQ writes by a subaccount-restricted key. Spec 3.31.0 GenerateApiKeyRequest.subaccount: "A restricted key may only
// read and trade on that sub-account; it cannot act on other sub-accounts". Cancelling another subaccount's order with
// such a key answers 404 `not_found` (test/account/restricted-key-reads.test.ts), and so do the reads of another
// subaccount's quote: accepting, confirming or deleting another subaccount's RFQ or quote is acting on it, and must
// answer the same 404 and change nothing. Before the fix a key locked to subaccount 1 accepted, confirmed (traded the
// primary account's cash) and deleted subaccount-0 RFQs and quotes. The notes are silent on the status code.
const TICKER = 'KXKEY-26DEC01-T1';

type Traders = Awaited<ReturnType<typeof twoTraders>>;

/** A new subaccount 1 of the trader `as` calls for, and a caller with a key restricted to it. */
async function subaccountKey(mock: Traders['mock'], as: As, name: string): Promise<As> {
  expect((await as('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const { body } = await as('POST', '/api_keys/generate', { name, subaccount: 1 });
  const signer = await createSigner({ keyId: body.api_key_id, privateKey: body.private_key });
  return (method, path, body) => call(mock, signer, BASE, method, path, body);
}

/** Alice's subaccount-0 RFQ, quoted by Bob from his subaccount 0, and both traders' subaccount-1 keys. */
async function quotedRfq() {
  const traders = await twoTraders(TICKER, { rateLimit: 'prime' });
  const rfq = await traders.asAlice('POST', '/communications/rfqs', {
    market_ticker: TICKER,
    contracts_fp: '10',
    rest_remainder: false,
  });
  expect(rfq.status).toBe(201);
  const quote = await traders.asBob('POST', '/communications/quotes', {
    rfq_id: rfq.body.id,
    yes_bid: '0.4000',
    no_bid: '0.5500',
    rest_remainder: false,
  });
  expect(quote.status).toBe(201);
  const aliceDesk = await subaccountKey(traders.mock, traders.asAlice, 'alice-desk-1');
  const bobDesk = await subaccountKey(traders.mock, traders.asBob, 'bob-desk-1');
  return { ...traders, aliceDesk, bobDesk, rfqId: rfq.body.id as string, quoteId: quote.body.id as string };
}

const status = async (as: As, quoteId: string) =>
  (await as('GET', `/communications/quotes/${quoteId}`)).body.quote.status;

describe('a key restricted to subaccount 1 writing RFQs and quotes of subaccount 0', () => {
  it('cannot accept a quote answering its user’s subaccount-0 RFQ (404), which stays open', async () => {
    const { asAlice, aliceDesk, rfqId, quoteId } = await quotedRfq();
    for (const path of [
      `/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`,
      `/communications/quotes/${quoteId}/accept`,
    ]) {
      const refused = await aliceDesk('PUT', path, { accepted_side: 'yes' });
      expect([refused.status, refused.body?.error?.code]).toEqual([404, 'not_found']);
    }
    expect(await status(asAlice, quoteId)).toBe('open');
  });

  it('cannot confirm its user’s subaccount-0 quote (404): nothing trades, the quote stays accepted', async () => {
    const { asAlice, asBob, bobDesk, rfqId, quoteId } = await quotedRfq();
    const accepted = await asAlice('PUT', `/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`, {
      accepted_side: 'yes',
    });
    expect(accepted.status).toBe(204);
    const before = (await asBob('GET', '/portfolio/balance')).body.balance;
    for (const path of [
      `/communications/rfqs/${rfqId}/quotes/${quoteId}/confirm`,
      `/communications/quotes/${quoteId}/confirm`,
    ]) {
      const refused = await bobDesk('PUT', path, {});
      expect([refused.status, refused.body?.error?.code]).toEqual([404, 'not_found']);
    }
    expect(await status(asBob, quoteId)).toBe('accepted');
    expect((await asBob('GET', '/portfolio/balance')).body.balance).toBe(before);
    expect((await asBob('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills).toEqual([]);
  });

  it('cannot delete its user’s subaccount-0 RFQ or quote (404); both stay open', async () => {
    const { asAlice, aliceDesk, bobDesk, rfqId, quoteId } = await quotedRfq();
    const rfq = await aliceDesk('DELETE', `/communications/rfqs/${rfqId}`);
    expect([rfq.status, rfq.body?.error?.code]).toEqual([404, 'not_found']);
    for (const path of [`/communications/rfqs/${rfqId}/quotes/${quoteId}`, `/communications/quotes/${quoteId}`]) {
      const quote = await bobDesk('DELETE', path);
      expect([quote.status, quote.body?.error?.code]).toEqual([404, 'not_found']);
    }
    expect((await asAlice('GET', `/communications/rfqs/${rfqId}`)).body.rfq.status).toBe('open');
    expect(await status(asAlice, quoteId)).toBe('open');
  });

  it('still accepts and confirms a quote in its own subaccount, and deletes its own RFQ', async () => {
    const { asAlice, asBob, aliceDesk, bobDesk } = await quotedRfq();
    for (const [as, id] of [
      [asAlice, '11111111-1111-4111-8111-111111111111'],
      [asBob, '22222222-2222-4222-8222-222222222222'],
    ] as const) {
      const body = { client_transfer_id: id, from_subaccount: 0, to_subaccount: 1, amount_cents: 10_000 };
      expect((await as('POST', '/portfolio/subaccounts/transfer', body)).status).toBe(200);
    }
    const open = async () => {
      const rfq = await aliceDesk('POST', '/communications/rfqs', {
        market_ticker: TICKER,
        contracts_fp: '1',
        rest_remainder: false,
      });
      expect(rfq.status).toBe(201);
      const quote = await bobDesk('POST', '/communications/quotes', {
        rfq_id: rfq.body.id,
        yes_bid: '0.4000',
        no_bid: '0.5500',
        rest_remainder: false,
      });
      expect(quote.status).toBe(201);
      return `/communications/rfqs/${rfq.body.id}/quotes/${quote.body.id}`;
    };
    const traded = await open();
    expect((await aliceDesk('PUT', `${traded}/accept`, { accepted_side: 'yes' })).status).toBe(204);
    expect((await bobDesk('PUT', `${traded}/confirm`, {})).status).toBe(204);
    expect((await bobDesk('GET', traded)).body.quote.status).toBe('executed');
    const withdrawn = await open();
    expect((await bobDesk('DELETE', withdrawn)).status).toBe(204);
    expect((await aliceDesk('DELETE', withdrawn.replace(/\/quotes\/.*/, ''))).status).toBe(204);
  });
});

// The same rule for a block trade the restricted key proposes: the proposer's side trades in the key's subaccount.
// `buyer_subaccount` / `seller_subaccount` of the proposer are its subaccount fields, as CreateOrderV2Request.subaccount
// is an order's ("Subaccount-restricted API keys must omit this field or pass their locked subaccount"): another
// number is refused with the 403 an order naming another subaccount gets, an omitted one means the key's.
describe('a key restricted to subaccount 1 proposing a block trade', () => {
  const proposal = (buyer: string, seller: string, extra: Record<string, unknown> = {}) =>
    blockTradeBody(buyer, seller, TICKER, extra);

  it('is refused (403) naming its own side in subaccount 0, and nothing is proposed', async () => {
    const { alice, bob, asAlice, aliceDesk } = await quotedRfq();
    const refused = await aliceDesk('POST', '/communications/block-trade-proposals', {
      ...proposal(alice.userId, bob.userId),
      buyer_subaccount: 0,
    });
    expect([refused.status, refused.body?.error?.code]).toEqual([403, 'forbidden']);
    expect(refused.body.error.details).toContain('restricted to subaccount 1');
    expect((await asAlice('GET', '/communications/block-trade-proposals')).body.block_trade_proposals).toEqual([]);
  });

  it('trades its side in subaccount 1 when it omits its subaccount', async () => {
    const { alice, bob, asAlice, asBob, aliceDesk } = await quotedRfq();
    const funded = await asAlice('POST', '/portfolio/subaccounts/transfer', {
      client_transfer_id: '33333333-3333-4333-8333-333333333333',
      from_subaccount: 0,
      to_subaccount: 1,
      amount_cents: 10_000,
    });
    expect(funded.status).toBe(200);
    const proposed = await aliceDesk(
      'POST',
      '/communications/block-trade-proposals',
      proposal(alice.userId, bob.userId),
    );
    expect(proposed.status).toBe(201);
    const accepted = await asBob(
      'POST',
      `/communications/block-trade-proposals/${proposed.body.block_trade_proposal_id}/accept`,
      {},
    );
    expect(accepted.status).toBe(204);
    const position = async (subaccount: number) =>
      (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}&subaccount=${subaccount}`)).body.market_positions[0]
        ?.position_fp;
    expect(await position(1)).toBe('1.00');
    expect(await position(0)).toBeUndefined();
  });
});

// CreateRFQRequest.replace_existing: "Whether to delete existing RFQs as part of this RFQ's creation". Deleting the
// user's subaccount-0 RFQs is acting on subaccount 0, which a key restricted to subaccount 1 cannot do: it replaces
// the RFQs of the subaccount the new one is for. Before the fix it closed every open RFQ of the user.
describe('a key restricted to subaccount 1 creating an RFQ with replace_existing', () => {
  it('replaces its subaccount’s open RFQs and leaves subaccount 0’s open', async () => {
    const { asAlice, aliceDesk, rfqId } = await quotedRfq();
    const body = { market_ticker: TICKER, contracts_fp: '1', rest_remainder: false };
    const first = await aliceDesk('POST', '/communications/rfqs', body);
    expect(first.status).toBe(201);
    const second = await aliceDesk('POST', '/communications/rfqs', { ...body, replace_existing: true });
    expect(second.status).toBe(201);
    const statusOf = async (id: string) => (await asAlice('GET', `/communications/rfqs/${id}`)).body.rfq.status;
    expect(await statusOf(rfqId)).toBe('open');
    expect(await statusOf(first.body.id)).toBe('closed');
    expect(await statusOf(second.body.id)).toBe('open');
  });
});

// A newer quote of the same user on the same RFQ replaces the older one (exchange/rfqs.ts, after Kalshi's FIX RFQ
// docs). Cancelling the user's subaccount-0 quote is acting on subaccount 0, which a key restricted to subaccount 1
// cannot do: its quote replaces only its subaccount's. Before the fix Bob's subaccount-1 key cancelled his
// subaccount-0 quote by quoting.
describe('a key restricted to subaccount 1 quoting an RFQ its user already quoted from subaccount 0', () => {
  it('leaves the subaccount-0 quote open', async () => {
    const { asBob, bobDesk, rfqId, quoteId } = await quotedRfq();
    const body = { rfq_id: rfqId, yes_bid: '0.4100', no_bid: '0.5400', rest_remainder: false };
    const first = await bobDesk('POST', '/communications/quotes', body);
    expect(first.status).toBe(201);
    expect(await status(asBob, quoteId)).toBe('open');
    // Its own earlier quote it replaces.
    expect((await bobDesk('POST', '/communications/quotes', body)).status).toBe(201);
    expect(await status(asBob, first.body.id)).toBe('cancelled');
    expect(await status(asBob, quoteId)).toBe('open');
  });
});

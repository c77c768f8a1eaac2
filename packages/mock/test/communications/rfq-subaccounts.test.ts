import { describe, expect, it } from 'vitest';
import { type As, twoTraders } from '../accounts/traders';

// RFQs, quotes and block trades trade in the subaccount they name (spec CreateRFQRequest.subaccount "The subaccount
// number to create the RFQ for", CreateQuoteRequest.subaccount "Optional subaccount number to place the quote under",
// ProposeBlockTradeRequest.buyer_subaccount / seller_subaccount, AcceptBlockTradeProposalRequest.subaccount; notes §7:
// a subaccount is its own balance and positions). The series is `quadratic`: no maker fee. Taker fee 0.07·C·P·(1−P).
const TICKER = 'KXSUBQ-26DEC01-T1';
// Each test's accounts are at the Prime usage tier (the rateLimit option): creating a subaccount needs Advanced or
// above (spec CreateSubaccount).

/** Subaccount 1 of the caller, funded with `cents` from the primary. */
async function fundSubaccount1(as: As, cents: number) {
  expect((await as('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const moved = await as('POST', '/portfolio/subaccounts/transfer', {
    client_transfer_id: crypto.randomUUID(),
    from_subaccount: 0,
    to_subaccount: 1,
    amount_cents: cents,
  });
  expect(moved.status).toBe(200);
}

const balances = async (as: As) =>
  Object.fromEntries(
    (await as('GET', '/portfolio/subaccounts/balances')).body.subaccount_balances.map(
      (b: { subaccount_number: number; balance: string }) => [b.subaccount_number, b.balance],
    ),
  );
const positions = async (as: As, subaccount: number) =>
  (await as('GET', `/portfolio/positions?subaccount=${subaccount}`)).body.market_positions.map(
    (p: { position_fp: string }) => p.position_fp,
  );

async function rfqAndQuote(asAlice: As, asBob: As, rfqSubaccount?: number, quoteSubaccount?: number) {
  const rfq = await asAlice('POST', '/communications/rfqs', {
    market_ticker: TICKER,
    contracts_fp: '10',
    rest_remainder: false,
    ...(rfqSubaccount === undefined ? {} : { subaccount: rfqSubaccount }),
  });
  expect(rfq.status).toBe(201);
  const quote = await asBob('POST', '/communications/quotes', {
    rfq_id: rfq.body.id,
    yes_bid: '0.4000',
    no_bid: '0.5500',
    rest_remainder: false,
    ...(quoteSubaccount === undefined ? {} : { subaccount: quoteSubaccount }),
  });
  expect(quote.status).toBe(201);
  const path = `/communications/rfqs/${rfq.body.id}/quotes/${quote.body.id}`;
  return {
    accept: () => asAlice('PUT', `${path}/accept`, { accepted_side: 'yes' }),
    confirm: () => asBob('PUT', `${path}/confirm`, {}),
  };
}

describe('RFQ and block-trade executions in subaccounts', () => {
  it("a quote under subaccount 1 pays and holds there: the quoter's NO leg leaves subaccount 1", async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { rateLimit: 'prime' });
    await fundSubaccount1(asBob, 10_000);
    const { accept, confirm } = await rfqAndQuote(asAlice, asBob, undefined, 1);
    expect((await accept()).status).toBe(204);
    expect((await confirm()).status).toBe(204);
    // Bob buys 10 NO @0.55 = $5.50 (maker, no fee) in subaccount 1; his primary is untouched.
    expect(await balances(asBob)).toEqual({ 0: '9900.0000', 1: '94.5000' });
    expect(await positions(asBob, 1)).toEqual(['-10.00']);
    expect(await positions(asBob, 0)).toEqual([]);
  });

  it("the quoter's balance check reads the quote's subaccount", async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { rateLimit: 'prime' });
    await fundSubaccount1(asBob, 100); // $1 cannot buy 10 NO @0.55
    const { accept, confirm } = await rfqAndQuote(asAlice, asBob, undefined, 1);
    expect((await accept()).status).toBe(204);
    expect(await confirm()).toMatchObject({ status: 400, body: { error: { code: 'insufficient_balance' } } });
    expect(await balances(asBob)).toEqual({ 0: '9999.0000', 1: '1.0000' });
  });

  it('an RFQ created for subaccount 1 is paid from there, and accepted only if that subaccount can pay', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { rateLimit: 'prime' });
    await fundSubaccount1(asAlice, 100);
    const poor = await rfqAndQuote(asAlice, asBob, 1);
    expect(await poor.accept()).toMatchObject({ status: 400, body: { error: { code: 'insufficient_balance' } } });

    await asAlice('POST', '/portfolio/subaccounts/transfer', {
      client_transfer_id: crypto.randomUUID(),
      from_subaccount: 0,
      to_subaccount: 1,
      amount_cents: 9_900,
    });
    const { accept, confirm } = await rfqAndQuote(asAlice, asBob, 1);
    expect((await accept()).status).toBe(204);
    expect((await confirm()).status).toBe(204);
    // Alice buys 10 YES @0.45: $4.50 + taker fee 0.07 × 10 × 0.45 × 0.55 = 0.17325 → $0.1733.
    expect(await balances(asAlice)).toEqual({ 0: '9900.0000', 1: '95.3267' });
    expect(await positions(asAlice, 1)).toEqual(['10.00']);
    expect(await positions(asAlice, 0)).toEqual([]);
  });

  it("a block trade settles in the buyer's and the seller's subaccounts", async () => {
    const { asAlice, asBob, alice, bob, mock } = await twoTraders(TICKER, { rateLimit: 'prime' });
    await fundSubaccount1(asAlice, 10_000);
    await fundSubaccount1(asBob, 10_000);
    const proposed = await asAlice('POST', '/communications/block-trade-proposals', {
      buyer_user_id: alice.userId,
      buyer_subaccount: 1,
      seller_user_id: bob.userId,
      seller_subaccount: 1,
      market_ticker: TICKER,
      price_centi_cents: 4000,
      centicount: 1000,
      maker_side: 'yes',
      expiration_ts: new Date(mock.exchange.now() + 60_000).toISOString(),
    });
    expect(proposed.status).toBe(201);
    const accepted = await asBob(
      'POST',
      `/communications/block-trade-proposals/${proposed.body.block_trade_proposal_id}/accept`,
      { subaccount: 1 },
    );
    expect(accepted.status).toBe(204);
    // Alice (maker) buys 10 YES @0.40 = $4.00; Bob (taker) 10 NO @0.60 = $6.00 + fee 0.07 × 10 × 0.24 = $0.168.
    expect(await balances(asAlice)).toEqual({ 0: '9900.0000', 1: '96.0000' });
    expect(await balances(asBob)).toEqual({ 0: '9900.0000', 1: '93.8320' });
    expect(await positions(asAlice, 1)).toEqual(['10.00']);
    expect(await positions(asBob, 1)).toEqual(['-10.00']);
    expect(await positions(asAlice, 0)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { twoTraders } from '../accounts/traders';

// RFQs and block trades during pauses (kalshi-api-notes §5.16: a trading pause = no place/amend, cancels OK; an
// exchange pause blocks everything). An RFQ execution places orders on the book (Kalshi's RFQ guide), so its writes
// are refused as order writes are: 409 `trading_is_paused` / `exchange_is_paused` (see pauses.test.ts). Withdrawing
// a quote or an RFQ removes, like a cancel: allowed in a trading pause, refused in an exchange pause.
const TICKER = 'KXPRFQ-26DEC01-T1';

async function accepted() {
  const t = await twoTraders(TICKER);
  const { asAlice, asBob, alice, bob, mock } = t;
  const rfq = (
    await asAlice('POST', '/communications/rfqs', { market_ticker: TICKER, contracts_fp: '10', rest_remainder: false })
  ).body.id;
  const quote = (
    await asBob('POST', '/communications/quotes', {
      rfq_id: rfq,
      yes_bid: '0.4000',
      no_bid: '0.5500',
      rest_remainder: false,
    })
  ).body.id;
  const quotePath = `/communications/rfqs/${rfq}/quotes/${quote}`;
  expect((await asAlice('PUT', `${quotePath}/accept`, { accepted_side: 'yes' })).status).toBe(204);
  const proposal = {
    buyer_user_id: alice.userId,
    seller_user_id: bob.userId,
    market_ticker: TICKER,
    price_centi_cents: 4000,
    centicount: 500,
    maker_side: 'yes',
    expiration_ts: new Date(mock.exchange.now() + 60_000).toISOString(),
  };
  const proposed = (await asAlice('POST', '/communications/block-trade-proposals', proposal)).body;
  // A second RFQ with an open quote, to accept during the pause.
  const other = (
    await asAlice('POST', '/communications/rfqs', { market_ticker: TICKER, contracts_fp: '2', rest_remainder: false })
  ).body.id;
  const open = (
    await asBob('POST', '/communications/quotes', {
      rfq_id: other,
      yes_bid: '0.4000',
      no_bid: '0.5500',
      rest_remainder: false,
    })
  ).body.id;
  const openPath = `/communications/rfqs/${other}/quotes/${open}`;
  return { ...t, rfq, quote, quotePath, openPath, proposal, proposalId: proposed.block_trade_proposal_id as string };
}

describe.each(['trading', 'exchange'] as const)('a %s pause', (kind) => {
  const REFUSED = { status: 409, body: { error: { code: `${kind}_is_paused` } } };
  it('refuses RFQ, quote and block-trade writes and executes nothing', async () => {
    const { mock, asAlice, asBob, rfq, quotePath, openPath, proposal, proposalId } = await accepted();
    mock.exchange.pause({ kind });
    expect(await asBob('PUT', `${quotePath}/confirm`, {})).toMatchObject(REFUSED);
    expect(await asAlice('PUT', `${openPath}/accept`, { accepted_side: 'yes' })).toMatchObject(REFUSED);
    expect(
      await asAlice('POST', '/communications/rfqs', {
        market_ticker: TICKER,
        contracts_fp: '1',
        rest_remainder: false,
      }),
    ).toMatchObject(REFUSED);
    expect(
      await asBob('POST', '/communications/quotes', {
        rfq_id: rfq,
        yes_bid: '0.4100',
        no_bid: '0.5500',
        rest_remainder: false,
      }),
    ).toMatchObject(REFUSED);
    expect(await asAlice('POST', '/communications/block-trade-proposals', proposal)).toMatchObject(REFUSED);
    expect(await asBob('POST', `/communications/block-trade-proposals/${proposalId}/accept`, {})).toMatchObject(
      REFUSED,
    );
    expect((await asAlice('GET', `/markets/trades?ticker=${TICKER}`)).body.trades).toEqual([]);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('10000.0000');

    mock.exchange.resume();
    expect((await asBob('PUT', `${quotePath}/confirm`, {})).status).toBe(204);
  });

  it(kind === 'trading' ? 'lets a quote be withdrawn' : 'refuses withdrawing a quote', async () => {
    const { mock, asBob, quote } = await accepted();
    mock.exchange.pause({ kind });
    const deleted = await asBob('DELETE', `/communications/quotes/${quote}`);
    if (kind === 'trading') expect(deleted.status).toBe(204);
    else expect(deleted).toMatchObject(REFUSED);
  });
});

import { describe, expect, it } from 'vitest';
import { blockTradeBody, twoTraders } from '../accounts/traders';

// Subtrader ids on the communications surface. Spec 3.31.0: CreateRFQRequest.subtrader_id "The subtrader to create
// the RFQ for (FCM members only)"; ProposeBlockTradeRequest.buyer_subtrader_id / seller_subtrader_id and
// AcceptBlockTradeProposalRequest.subtrader_id name the subtrader a side trades as; GetQuotes rfq_creator_subtrader_id
// "Filter quotes by RFQ creator subtrader ID (FCM members only)". The mock's accounts are direct members with no
// subtraders (its FCM endpoints answer 403, as the key operations do for fcm_subtrader_id: "FCM members only"). A
// subtrader id was ignored: the RFQ, the proposal and the acceptance went through for the caller's own account, which
// is not what was asked, and the quote filter listed every quote. The notes are silent on the exact codes: 403 for
// the caller's own subtrader (as the key operations answer), 400 naming the field for the counterparty's (no such
// subtrader), and no quote matches a subtrader (as GetApiKeys lists no key bound to one).
const TICKER = 'KXSUBTR-26DEC01-T1';

describe('subtrader ids from an account that has none', () => {
  it('CreateRFQ with subtrader_id is refused (403, naming it) and creates nothing', async () => {
    const { asAlice } = await twoTraders(TICKER);
    const created = await asAlice('POST', '/communications/rfqs', {
      market_ticker: TICKER,
      contracts_fp: '1',
      rest_remainder: false,
      subtrader_id: 'sub-1',
    });
    expect(created.status).toBe(403);
    expect(created.body.error.details).toContain('subtrader_id');
    expect((await asAlice('GET', '/communications/rfqs')).body.rfqs).toEqual([]);
  });

  it('ProposeBlockTrade with a subtrader id is refused, naming it, and proposes nothing', async () => {
    const { alice, bob, asAlice } = await twoTraders(TICKER);
    const propose = (fields: Record<string, unknown>) =>
      asAlice(
        'POST',
        '/communications/block-trade-proposals',
        blockTradeBody(alice.userId, bob.userId, TICKER, fields),
      );
    const own = await propose({ buyer_subtrader_id: 'sub-1' });
    const theirs = await propose({ seller_subtrader_id: 'sub-1' });
    expect([own.status, own.body.error?.details]).toEqual([403, expect.stringContaining('buyer_subtrader_id')]);
    expect([theirs.status, theirs.body.error?.details]).toEqual([400, expect.stringContaining('seller_subtrader_id')]);
    expect((await asAlice('GET', '/communications/block-trade-proposals')).body.block_trade_proposals).toEqual([]);
  });

  it('AcceptBlockTradeProposal with subtrader_id is refused (403, naming it) and the proposal stays pending', async () => {
    const { alice, bob, asAlice, asBob } = await twoTraders(TICKER);
    const proposed = await asAlice(
      'POST',
      '/communications/block-trade-proposals',
      blockTradeBody(alice.userId, bob.userId, TICKER),
    );
    expect(proposed.status).toBe(201);
    const id = proposed.body.block_trade_proposal_id;
    const accepted = await asBob('POST', `/communications/block-trade-proposals/${id}/accept`, {
      subtrader_id: 'sub-1',
    });
    expect([accepted.status, accepted.body?.error?.details]).toEqual([403, expect.stringContaining('subtrader_id')]);
    const listed = (await asBob('GET', '/communications/block-trade-proposals')).body.block_trade_proposals;
    expect(listed.map((p: { status: string }) => p.status)).toEqual(['pending']);
  });

  it('GetQuotes?rfq_creator_subtrader_id= lists no quote (no RFQ was created by a subtrader)', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER);
    const rfq = await asAlice('POST', '/communications/rfqs', {
      market_ticker: TICKER,
      contracts_fp: '1',
      rest_remainder: false,
    });
    const quote = await asBob('POST', '/communications/quotes', {
      rfq_id: rfq.body.id,
      yes_bid: '0.4000',
      no_bid: '0.5000',
      rest_remainder: false,
    });
    expect([rfq.status, quote.status]).toEqual([201, 201]);
    expect((await asBob('GET', '/communications/quotes')).body.quotes).toHaveLength(1);
    expect((await asBob('GET', '/communications/quotes?rfq_creator_subtrader_id=sub-1')).body.quotes).toEqual([]);
  });
});

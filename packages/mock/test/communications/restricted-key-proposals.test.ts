import { describe, expect, it } from 'vitest';
import { type As, blockTradeBody, twoTraders } from '../accounts/traders';
import { restrictedKey } from '../helpers';

// Block-trade proposals seen and accepted through a subaccount-restricted key. Spec 3.31.0
// GenerateApiKeyRequest.subaccount: "A restricted key may only read and trade on that sub-account; it cannot act on
// other sub-accounts". A proposal's side of the user is in a subaccount once it is fixed: the proposer's at proposal
// (ProposeBlockTradeRequest.buyer_subaccount / seller_subaccount), the counterparty's when it accepts
// (AcceptBlockTradeProposalRequest.subaccount "to accept as"). Until then the counterparty's key may accept it as its
// own subaccount, so a proposal awaiting the user's acceptance is every key's to see. The notes are silent on block
// trades and restricted keys; reads of another subaccount's RFQ quote answer 404 (restricted-key-writes.test.ts), and
// lists leave out another subaccount's objects, as GetFills/GetOrders say of restricted keys.
const TICKER = 'KXBTKEY-26DEC01-T1';

/** Alice proposes from her subaccount 0 to buy 1 YES from Bob; both have a key restricted to subaccount 1. */
async function proposed() {
  const traders = await twoTraders(TICKER, { rateLimit: 'prime' });
  const { alice, bob, asAlice, mock } = traders;
  const response = await asAlice(
    'POST',
    '/communications/block-trade-proposals',
    blockTradeBody(alice.userId, bob.userId, TICKER, { buyer_subaccount: 0 }),
  );
  expect(response.status).toBe(201);
  for (const as of [asAlice, traders.asBob]) expect((await as('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  return {
    ...traders,
    aliceDesk: await restrictedKey(mock, asAlice, 1),
    bobDesk: await restrictedKey(mock, traders.asBob, 1),
    id: response.body.block_trade_proposal_id as string,
  };
}

const listed = async (as: As) =>
  (await as('GET', '/communications/block-trade-proposals')).body.block_trade_proposals.map(
    (p: { id: string }) => p.id,
  );

describe('a key restricted to subaccount 1 and block-trade proposals', () => {
  it('does not list a proposal its user made from subaccount 0; the unrestricted key does', async () => {
    const { asAlice, aliceDesk, id } = await proposed();
    expect(await listed(asAlice)).toEqual([id]);
    expect(await listed(aliceDesk)).toEqual([]);
  });

  it('cannot re-accept its user’s subaccount-0 proposal (404): the buyer side stays in subaccount 0', async () => {
    const { asAlice, asBob, aliceDesk, id } = await proposed();
    const refused = await aliceDesk('POST', `/communications/block-trade-proposals/${id}/accept`, {});
    expect([refused.status, refused.body?.error?.code]).toEqual([404, 'not_found']);
    expect((await asBob('POST', `/communications/block-trade-proposals/${id}/accept`, {})).status).toBe(204);
    const position = async (subaccount: number) =>
      (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}&subaccount=${subaccount}`)).body.market_positions[0]
        ?.position_fp;
    expect(await position(0)).toBe('1.00');
    expect(await position(1)).toBeUndefined();
  });

  it('lists a proposal awaiting its user’s acceptance, and no longer once its user accepted it in subaccount 0', async () => {
    const { asBob, bobDesk, id } = await proposed();
    expect(await listed(bobDesk)).toEqual([id]);
    expect((await asBob('POST', `/communications/block-trade-proposals/${id}/accept`, { subaccount: 0 })).status).toBe(
      204,
    );
    expect(await listed(asBob)).toEqual([id]);
    // Bob's side traded in subaccount 0: its order id is subaccount 0's to read.
    expect(await listed(bobDesk)).toEqual([]);
  });
});

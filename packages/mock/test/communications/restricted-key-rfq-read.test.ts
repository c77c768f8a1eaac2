import { expect, it } from 'vitest';
import { twoTraders } from '../accounts/traders';
import { restrictedKey } from '../helpers';

// Spec 3.31.0 GenerateApiKeyRequest.subaccount: "A restricted key may only read and trade on that sub-account". The
// RFQ list a key restricted to subaccount 1 gets leaves out its user's subaccount-0 RFQs (rfq-list-subaccount.test.ts:
// the list's `subaccount` is the key's), and reading, accepting or deleting another subaccount's quote or RFQ by id
// answers 404 (restricted-key-writes.test.ts). Reading that RFQ by id must answer the same 404, not the creator's
// view with its private creator_user_id and creator_subaccount. The notes are silent on restricted keys.
const TICKER = 'KXRFQKEY-26DEC01-T1';

it('a key restricted to subaccount 1 reads its user’s subaccount-0 RFQ by id as 404, as the list leaves it out', async () => {
  const { mock, asAlice } = await twoTraders(TICKER, { rateLimit: 'prime' });
  const rfq = await asAlice('POST', '/communications/rfqs', {
    market_ticker: TICKER,
    contracts_fp: '1',
    rest_remainder: false,
  });
  expect(rfq.status).toBe(201);
  expect((await asAlice('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const desk = await restrictedKey(mock, asAlice, 1);
  expect((await desk('GET', '/communications/rfqs')).body.rfqs).toEqual([]);
  const read = await desk('GET', `/communications/rfqs/${rfq.body.id}`);
  expect([read.status, read.body?.error?.code]).toEqual([404, 'not_found']);
  // The unrestricted key still reads it as its creator.
  expect((await asAlice('GET', `/communications/rfqs/${rfq.body.id}`)).body.rfq.creator_subaccount).toBe(0);
});

import { createSigner } from '@org/kalshi-auth';
import { expect, it } from 'vitest';
import { asUser, BASE, call, type Harness, harness } from '../helpers';

// GET /communications/rfqs lists every user's RFQs (quoters find them there), but an RFQ's subaccount is its creator's
// private field: spec RFQ.creator_subaccount is "visible when the caller is the RFQ creator". The list's `subaccount`
// ("Subaccount number (0 for primary, 1-63 for subaccounts). If omitted, defaults to all subaccounts") therefore names
// one of the caller's own subaccounts: it narrows the caller's RFQs and leaves other users' alone. Filtering theirs by
// it would tell anyone which subaccount an RFQ came from, and hide every other user's RFQ from a key restricted to a
// subaccount (its list is scoped to that subaccount), which could then quote on none. The notes are silent on the
// parameter.

const PEER = '00000000-0000-4000-8000-0000000000d2';

async function setup() {
  // rateLimit sets the usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ seed: 7, rateLimit: 'prime' });
  const peer: Harness['call'] = await asUser(h.mock, PEER);
  for (const as of [h.call, peer]) expect((await as('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
  const rfq = async (subaccount: number) => {
    const created = await h.call('POST', '/communications/rfqs', {
      market_ticker: ticker,
      contracts_fp: '1.00',
      rest_remainder: false,
      subaccount,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  return { h, peer, inPrimary: await rfq(0), inSubaccount: await rfq(1) };
}

const ids = async (as: Harness['call'], query: string) => {
  const { status, body } = await as('GET', `/communications/rfqs${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.rfqs.map((r: { id: string }) => r.id);
};

it("another user's ?subaccount= neither reveals nor hides an RFQ's private subaccount", async () => {
  const { peer, inPrimary, inSubaccount } = await setup();
  for (const query of ['', '?subaccount=0', '?subaccount=1'])
    expect(await ids(peer, query), query).toEqual([inSubaccount, inPrimary]);
});

it("the creator's ?subaccount= narrows the creator's own RFQs", async () => {
  const { h, inPrimary, inSubaccount } = await setup();
  expect(await ids(h.call, '?subaccount=0')).toEqual([inPrimary]);
  expect(await ids(h.call, '?subaccount=1')).toEqual([inSubaccount]);
});

it("a key restricted to a subaccount still lists other users' RFQs, to quote on them", async () => {
  const { h, peer, inPrimary, inSubaccount } = await setup();
  const generated = await peer('POST', '/api_keys/generate', { name: 'desk-1', subaccount: 1 });
  expect(generated.status).toBe(201);
  const signer = await createSigner({ keyId: generated.body.api_key_id, privateKey: generated.body.private_key });
  const desk: Harness['call'] = (method, path, body) => call(h.mock, signer, BASE, method, path, body);
  expect(await ids(desk, '')).toEqual([inSubaccount, inPrimary]);
  const quote = await desk('POST', '/communications/quotes', {
    rfq_id: inPrimary,
    yes_bid: '0.4000',
    no_bid: '0.5000',
    rest_remainder: false,
  });
  expect(quote.status, JSON.stringify(quote.body)).toBe(201);
});

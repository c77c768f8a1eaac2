import { createSigner } from '@org/kalshi-auth';
import { describe, expect, it } from 'vitest';
import { BASE, call, harness } from '../helpers';

// A subaccount-restricted key reading the per-subaccount lists. Spec 3.31.0 GenerateApiKeyRequest.subaccount: "A
// restricted key may only read and trade on that sub-account; it cannot act on other sub-accounts". For lists the spec
// words it as GetFills/GetOrders do: "API keys restricted to a subaccount return only that subaccount's fills"
// ("… orders"), so the lists of every subaccount (balances, netting, transfers) return only the key's subaccount,
// rather than a 403. The spec says nothing on these three lists themselves; a transfer is the subaccount's when it
// moved money into or out of it (the notes are silent).

const transfer = (id: string, from: number, to: number) => ({
  client_transfer_id: id,
  from_subaccount: from,
  to_subaccount: to,
  amount_cents: 100,
});

async function setup() {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: 1_790_000_000_000, rateLimit: 'prime' });
  for (let i = 0; i < 3; i++) await h.call('POST', '/portfolio/subaccounts', {});
  await h.call('POST', '/portfolio/subaccounts/transfer', transfer('11111111-1111-4111-8111-111111111111', 0, 1));
  await h.call('POST', '/portfolio/subaccounts/transfer', transfer('22222222-2222-4222-8222-222222222222', 0, 2));
  await h.call('POST', '/portfolio/subaccounts/transfer', transfer('33333333-3333-4333-8333-333333333333', 1, 3));
  const { body } = await h.call('POST', '/api_keys/generate', { name: 'desk-1', subaccount: 1 });
  const signer = await createSigner({ keyId: body.api_key_id, privateKey: body.private_key });
  const desk = (method: string, path: string) => call(h.mock, signer, BASE, method, path);
  return { owner: h.call, desk };
}

describe('a key restricted to subaccount 1', () => {
  it('GET /portfolio/subaccounts/balances returns only subaccount 1; the account key sees all four', async () => {
    const { owner, desk } = await setup();
    const mine = await desk('GET', '/portfolio/subaccounts/balances');
    expect(mine.status).toBe(200);
    expect(mine.body.subaccount_balances).toEqual([
      expect.objectContaining({ subaccount_number: 1, balance: '0.0000' }),
    ]);
    const all = (await owner('GET', '/portfolio/subaccounts/balances')).body.subaccount_balances;
    expect(all.map((b: { subaccount_number: number }) => b.subaccount_number)).toEqual([0, 1, 2, 3]);
  });

  it('GET /portfolio/subaccounts/netting returns only subaccount 1', async () => {
    const { desk } = await setup();
    const { body } = await desk('GET', '/portfolio/subaccounts/netting');
    expect(body.netting_configs.map((n: { subaccount_number: number }) => n.subaccount_number)).toEqual([1]);
  });

  it('GET /portfolio/subaccounts/transfers returns only the transfers into or out of subaccount 1', async () => {
    const { owner, desk } = await setup();
    const moves = (body: { transfers: { from_subaccount: number; to_subaccount: number }[] }) =>
      body.transfers.map((t) => [t.from_subaccount, t.to_subaccount]);
    expect(moves((await desk('GET', '/portfolio/subaccounts/transfers')).body)).toEqual([
      [1, 3],
      [0, 1],
    ]);
    expect(moves((await owner('GET', '/portfolio/subaccounts/transfers')).body)).toHaveLength(3);
  });
});

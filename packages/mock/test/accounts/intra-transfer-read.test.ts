import { createSigner } from '@org/kalshi-auth';
import { expect, it } from 'vitest';
import { BASE, call, harness } from '../helpers';

// Spec 3.31.0 POST /portfolio/intra_exchange_instance_transfer: 200 "Transfer request accepted. The transfer is
// processed asynchronously", answering `{ transfer_id }`; GET /portfolio/intra_exchange_instance_transfers/{transfer_id}
// gets "a single intra-account transfer by id" — "Transfer id returned by creation endpoint" — whose `status` is
// `pending` or `complete` (IntraExchangeInstanceTransferStatus). A client polls that read until `complete`: the mock
// answered its own transfer id with 404, so a poller saw a moved transfer as unknown (failed). The mock transfers at
// once, so the read says `complete`. The notes are silent on this endpoint.
it('a same-shard transfer reads back by the id its POST returned, complete, and is in the transfer history', async () => {
  const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9, rateLimit: 'prime' });
  expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const moved = await h.call('POST', '/portfolio/intra_exchange_instance_transfer', {
    source: 'event_contract',
    destination: 'event_contract',
    amount: 10_000, // centicents: $1.00
    source_exchange_shard: 0,
    destination_exchange_shard: 0,
    source_subaccount: 0,
    destination_subaccount: 1,
  });
  expect(moved.status).toBe(200);
  const transfer = {
    transfer_id: moved.body.transfer_id,
    source: 'event_contract',
    destination: 'event_contract',
    source_exchange_shard: 0,
    destination_exchange_shard: 0,
    amount: '1.0000',
    status: 'complete',
    created_ts: Date.UTC(2026, 5, 11, 18) / 1000,
  };
  const read = await h.call('GET', `/portfolio/intra_exchange_instance_transfers/${moved.body.transfer_id}`);
  expect([read.status, read.body]).toEqual([200, { transfer }]);
  expect((await h.call('GET', '/portfolio/intra_exchange_instance_transfers')).body.transfers).toEqual([transfer]);
  // An id it never returned is still unknown.
  const unknown = await h.call(
    'GET',
    '/portfolio/intra_exchange_instance_transfers/00000000-0000-4000-8000-000000000000',
  );
  expect(unknown.status).toBe(404);
});

// As GetSubaccountTransfers shows a subaccount-restricted key only the transfers into or out of its subaccount
// ("A restricted key may only read and trade on that sub-account", spec GenerateApiKeyRequest.subaccount).
it('a key restricted to subaccount 2 does not see a transfer between subaccounts 0 and 1', async () => {
  const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9, rateLimit: 'prime' });
  for (let i = 0; i < 2; i++) expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const moved = await h.call('POST', '/portfolio/intra_exchange_instance_transfer', {
    source: 'event_contract',
    destination: 'event_contract',
    amount: 10_000,
    source_subaccount: 0,
    destination_subaccount: 1,
  });
  expect(moved.status).toBe(200);
  const { body } = await h.call('POST', '/api_keys/generate', { name: 'desk-2', subaccount: 2 });
  const signer = await createSigner({ keyId: body.api_key_id, privateKey: body.private_key });
  const desk = (path: string) => call(h.mock, signer, BASE, 'GET', path);
  expect((await desk('/portfolio/intra_exchange_instance_transfers')).body.transfers).toEqual([]);
  expect((await desk(`/portfolio/intra_exchange_instance_transfers/${moved.body.transfer_id}`)).status).toBe(404);
});

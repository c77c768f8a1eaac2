import { expect, it } from 'vitest';
import { KalshiCredentialsError } from '../../src';
import { json, observedClient, testSigner } from '../helpers';

// E-D15. kalshi-api-notes §2.1: every authenticated request carries KALSHI-ACCESS-KEY, KALSHI-ACCESS-TIMESTAMP and
// KALSHI-ACCESS-SIGNATURE. A custom signer (`{ keyId, sign }`) whose sign() returns none of them (a forgotten
// `return`, a misspelt name) is the signer's bug: named before sending, not sent unsigned for the exchange's 401
// "access key is missing from headers" (a request, for an order a write, spent for nothing).

const withOutput = async (output: unknown) => {
  const real = await testSigner();
  return observedClient(() => json({ balance: 1 }), {
    credentials: { ...real, sign: async () => output as never },
    retry: false,
  });
};

it.each([
  ['undefined', undefined, 'KALSHI-ACCESS-KEY'],
  ['null', null, 'KALSHI-ACCESS-KEY'],
  ['{}', {}, 'KALSHI-ACCESS-KEY'],
  ['no signature', { 'KALSHI-ACCESS-KEY': 'k', 'KALSHI-ACCESS-TIMESTAMP': '1700000000000' }, 'KALSHI-ACCESS-SIGNATURE'],
  [
    'an empty timestamp',
    { 'KALSHI-ACCESS-KEY': 'k', 'KALSHI-ACCESS-TIMESTAMP': '', 'KALSHI-ACCESS-SIGNATURE': 's' },
    'KALSHI-ACCESS-TIMESTAMP',
  ],
])(
  'a signer returning %s: KalshiCredentialsError naming the signer and the missing header, nothing sent',
  async (_, output, header) => {
    const { client, requests } = await withOutput(output);
    const error = await client.GET('/portfolio/balance').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({
      code: 'signing_failed',
      // A timestamp's unit is named too (below: one in seconds is refused the same way).
      message: `GetBalance: the signer returned no ${header} header${header.endsWith('TIMESTAMP') ? ' in epoch ms' : ''}`,
    });
    expect(requests).toHaveLength(0);
  },
);

it("a signer's lower-case header names are taken", async () => {
  const { client, requests } = await withOutput({
    'kalshi-access-key': 'k',
    'kalshi-access-timestamp': '1700000000000',
    'kalshi-access-signature': 's',
  });
  await expect(client.GET('/portfolio/balance')).resolves.toMatchObject({ data: { balance: 1 } });
  expect(requests[0]?.headers.get('kalshi-access-signature')).toBe('s');
});

// Leftover of round 42 (A). kalshi-api-notes §2.1: KALSHI-ACCESS-TIMESTAMP is Unix epoch *milliseconds*. A signer of
// yours returning seconds (Date.now() / 1000, the habit of other APIs) was sent, refused by Kalshi as stale (401
// header_timestamp_expired, §2.3), and that 401's hint blamed this machine's clock. Refused before sending instead,
// naming the header and the unit, as createSigner's own clock check does (@org/kalshi-auth: below 1e12 is seconds).
it.each([
  ['seconds', String(Math.floor(Date.now() / 1000))],
  ['seconds with a fraction', String(Date.now() / 1000)],
  ['not a number', 'now'],
  // Round 47 (A): microseconds (Date.now() * 1000) are no time Kalshi accepts either (§2.1: epoch ms); createSigner's
  // own clock check refuses them from 1e13 (the year 2286), and a signer of yours is held to the same rule.
  ['microseconds', String(Date.now() * 1000)],
  ['microseconds, the smallest', '10000000000000'],
])('a signer returning a timestamp in %s: refused before sending, naming the header and epoch ms', async (_, stamp) => {
  const { client, requests } = await withOutput({
    'KALSHI-ACCESS-KEY': 'k',
    'KALSHI-ACCESS-TIMESTAMP': stamp,
    'KALSHI-ACCESS-SIGNATURE': 's',
  });
  const error = await client.GET('/portfolio/balance').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiCredentialsError);
  expect(error).toMatchObject({
    code: 'signing_failed',
    message: 'GetBalance: the signer returned no KALSHI-ACCESS-TIMESTAMP header in epoch ms',
  });
  expect(requests).toHaveLength(0);
});

it('a signer returning epoch milliseconds is sent as is', async () => {
  const stamp = String(Date.now());
  const { client, requests } = await withOutput({
    'KALSHI-ACCESS-KEY': 'k',
    'KALSHI-ACCESS-TIMESTAMP': stamp,
    'KALSHI-ACCESS-SIGNATURE': 's',
  });
  await expect(client.GET('/portfolio/balance')).resolves.toMatchObject({ data: { balance: 1 } });
  expect(requests[0]?.headers.get('kalshi-access-timestamp')).toBe(stamp);
});

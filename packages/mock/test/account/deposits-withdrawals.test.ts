import { expect, it } from 'vitest';
import { harness } from '../helpers';

// The mock's money is set, not deposited (new accounts start funded, `setBalance`): no bank transfer ever happened.
// An empty list is the last page of Kalshi's paginated lists: recorded as `{"cursor":"","settlements":[]}`, the
// cursor present and empty (kalshi-api-notes §6.1, §6.2: "End of data = empty (or missing) cursor", §7).
it.each([
  ['/portfolio/deposits', 'deposits'],
  ['/portfolio/withdrawals', 'withdrawals'],
])('GET %s lists none, as a last page: the cursor present and empty', async (path, field) => {
  const { call } = await harness({ empty: true, seed: 9 });
  const answer = await call('GET', path);
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ [field]: [], cursor: '' });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../helpers';

// Spec 3.31.0 GetMarkets: "Timestamp filters will be mutually exclusive from other timestamp filters and certain status
// filters": created ↔ unopened/open/none, close ↔ closed/none, settled ↔ settled/none, updated ↔ none, and updated
// takes no other filter but mve_filter=exclude (series_ticker only with it). Kalshi's error body for a refused
// combination is not recorded (kalshi-api-notes §6.1 is silent): a 400 is what the mock promises.
let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 3 });
});
const status = async (query: string) => (await h.call('GET', `/markets?${query}`)).status;

describe('GET /markets filter combinations', () => {
  it.each([
    'min_created_ts=1&status=open',
    'max_created_ts=4000000000&status=unopened',
    'min_close_ts=1&status=closed',
    'min_settled_ts=1&status=settled',
    'min_updated_ts=1',
    'min_updated_ts=1&mve_filter=exclude',
    'min_updated_ts=1&series_ticker=KXFED&mve_filter=exclude',
    'status=open&event_ticker=KXFED-26JUN',
  ])('takes %s', async (query) => {
    expect(await status(query)).toBe(200);
  });

  it.each([
    'min_created_ts=1&min_close_ts=1',
    'max_close_ts=1&max_settled_ts=1',
    'status=open&min_close_ts=1',
    'status=closed&min_created_ts=1',
    'status=open&min_settled_ts=1',
    'status=open&min_updated_ts=1',
    'min_updated_ts=1&event_ticker=KXFED-26JUN',
    'min_updated_ts=1&tickers=A,B',
    'min_updated_ts=1&series_ticker=KXFED',
    'min_updated_ts=1&mve_filter=only',
  ])('refuses %s with 400 invalid_parameters', async (query) => {
    expect((await h.call('GET', `/markets?${query}`)).body).toMatchObject({
      error: { code: 'invalid_parameters', details: expect.stringContaining('timestamp filters') },
    });
    expect(await status(query)).toBe(400);
  });
});

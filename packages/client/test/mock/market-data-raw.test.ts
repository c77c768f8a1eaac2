import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKalshiClient, unwrap } from '../../src';

// Raw calls against the mock, wired as its README shows, for what the mock answers from state in round 29's fixes:
// a series' tags and the `tags` filter (spec Series.tags; GET /search/tags_by_categories lists the same), the endpoint
// costs in the form Kalshi's recorded answer has (notes §8.1, FX account__endpoint_costs), and `exchange_index` on the
// answers whose spec marks it x-omitempty false.
const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterAll(() => kalshi.server.close());

it('GET /series?tags= answers the series carrying the tag, each with its tags and exchange_index', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  const { series } = unwrap(await client.GET('/series', { params: { query: { tags: 'New York' } } }));
  expect(series.map((s) => [s.ticker, s.tags, s.exchange_index])).toEqual([
    ['KXHIGHNY', ['Daily temperature', 'New York'], 0],
  ]);
});

it('GET /account/endpoint_costs lists the V2 cancel under its full route', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  const { endpoint_costs } = unwrap(await client.GET('/account/endpoint_costs'));
  expect(endpoint_costs).toContainEqual({
    method: 'DELETE',
    path: '/trade-api/v2/portfolio/events/orders/:order_id',
    cost: 2,
  });
});

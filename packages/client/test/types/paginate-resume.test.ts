// Attack round 33 (C): a page that fails names the cursor it was fetched with, "so that the caller resumes there"
// (paginate.ts; test/pagination/failed-page.test.ts), as `params.query.cursor` (kalshi-api-notes §6.2: the cursor is
// passed back to continue), and paginate counts such a starting cursor as followed (round 26 C-D5). The type of
// `params.query` left `cursor` out, so the documented resume did not compile without a cast.
import { it } from 'vitest';
import type { KalshiClient } from '../../src';

declare const kalshi: KalshiClient;

it('paginate takes a cursor to start from in params.query, typed as the spec types it', () => {
  const typed = () => {
    kalshi.paginate('/markets', { params: { query: { cursor: 'c2', limit: 100 } } });
    // @ts-expect-error a cursor is a string
    kalshi.paginate('/markets', { params: { query: { cursor: 5 } } });
  };
  void typed;
});

// kalshi-api-notes §6.2: the cursor is opaque and passed back as `?cursor=` to continue. A page that fails (a 5xx, a
// 429 after the retries, a timeout) after pages already yielded must say which page and which cursor: the errors name
// what they concern, and the caller resumes from that cursor (`params.query.cursor`) rather than from the start.
import { describe, expect, it } from 'vitest';
import { KalshiRateLimitError, KalshiServerError } from '../../src';
import { json, observedClient } from '../helpers';

const page = (n: number) => json({ markets: [{ ticker: `M${n}` }], cursor: `c${n}` });

describe('paginate, a page failing after others were yielded', () => {
  it('a 500 on page 3 names the page and the cursor it was fetched with', async () => {
    const { client } = await observedClient(
      (_r, n) => (n <= 2 ? page(n) : json({ error: { code: 'internal' } }, 500)),
      {
        retry: false,
      },
    );
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const m of client.paginate('/markets')) seen.push(m);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(KalshiServerError);
    expect(error).toMatchObject({ status: 500, code: 'internal', operationId: 'GetMarkets' });
    expect((error as Error).message).toContain('page 3');
    expect((error as Error).message).toContain('cursor c2');
  });

  it('a 429 on page 2 (no Retry-After, §8.1) after the retries names page 2 and its cursor', async () => {
    const { client } = await observedClient(
      (_r, n) => (n === 1 ? page(n) : json({ error: 'too many requests' }, 429)),
      { retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } },
    );
    const error = await (async () => {
      for await (const _p of client.paginate('/markets').pages());
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiRateLimitError);
    expect((error as Error).message).toMatch(/page 2\b.*cursor c1/);
  });

  it('the first page failing names page 1 (no cursor yet)', async () => {
    const { client } = await observedClient(() => json({ error: { code: 'internal' } }, 500), { retry: false });
    const error = await (async () => {
      for await (const _m of client.paginate('/markets'));
    })().catch((e: unknown) => e);
    expect((error as Error).message).toContain('page 1');
    expect((error as Error).message).not.toContain('cursor');
  });
});

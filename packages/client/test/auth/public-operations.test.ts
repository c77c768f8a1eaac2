import { describe, expect, it } from 'vitest';
import { operations } from '../../src/generated/manifest';
import { json, observedClient } from '../helpers';

// kalshi-api-notes §2.3: "A request to a public endpoint that carries bad credentials is still rejected 401/403 (auth
// is evaluated when headers are present)", and §8.1: "Every authenticated request spends tokens". So the operations
// the spec declares without security are sent unsigned, with credentials or not; the others are signed.
describe('public operations', () => {
  it('are not signed even with credentials', async () => {
    const { client, requests } = await observedClient(() => json({ markets: [], cursor: '' }));
    await client.GET('/markets');
    await client.GET('/markets/{ticker}', { params: { path: { ticker: 'T' } } });
    await client.GET('/exchange/status');
    for (const request of requests) {
      expect(request.headers.get('kalshi-access-key')).toBeNull();
      expect(request.headers.get('kalshi-access-signature')).toBeNull();
      expect(request.headers.get('kalshi-access-timestamp')).toBeNull();
    }
    expect(requests).toHaveLength(3);
  });

  it('those that need auth are signed', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    await client.GET('/portfolio/balance');
    expect(requests[0]?.headers.get('kalshi-access-signature')).toBeTruthy();
  });

  it('every public operation of the manifest is sent unsigned', async () => {
    const publicReads = Object.values(operations).filter((op) => op.auth === 'none');
    expect(publicReads.length).toBeGreaterThan(30);
    const { client, requests } = await observedClient(() => json({}));
    for (const op of publicReads) {
      const path = Object.fromEntries([...op.path.matchAll(/{(\w+)}/g)].map(([, name]) => [name, 'x']));
      await (client as unknown as Record<string, (p: string, i: object) => Promise<unknown>>)[
        op.method.toUpperCase()
      ]?.(op.path, { params: { path } });
    }
    expect(requests).toHaveLength(publicReads.length);
    expect(requests.filter((r) => r.headers.has('kalshi-access-signature'))).toEqual([]);
  });
});

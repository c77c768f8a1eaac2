import { describe, expect, it } from 'vitest';
import { json, observedClient } from '../helpers';

// kalshi-api-notes §5.14: "PUT reset/trigger with no body: send `{}` with Content-Type: application/json" (Kalshi's
// demo refused body-less requests with 400 invalid_content_type). The spec makes these bodies optional (`required:
// false`), so a call may leave them out: the client sends `{}` for an operation whose JSON body is optional.
describe('an optional JSON request body left out', () => {
  it.each([
    '/portfolio/order_groups/{order_group_id}/trigger',
    '/portfolio/order_groups/{order_group_id}/reset',
  ] as const)('PUT %s goes as {} with Content-Type application/json', async (path) => {
    const { client, requests } = await observedClient(() => json({}));
    await client.PUT(path, { params: { path: { order_group_id: 'g-1' } } });
    const [sent] = requests;
    expect(sent?.headers.get('content-type')).toBe('application/json');
    expect(await sent?.text()).toBe('{}');
  });

  it('a body given goes as given', async () => {
    const { client, requests } = await observedClient(() => json({}));
    await client.POST('/portfolio/subaccounts', { body: { exchange_index: 0 } });
    expect(await requests[0]?.text()).toBe('{"exchange_index":0}');
  });

  it('an operation without a request body still sends none', async () => {
    const { client, requests } = await observedClient(() => json({}));
    await client.DELETE('/portfolio/order_groups/{order_group_id}', { params: { path: { order_group_id: 'g-1' } } });
    await client.GET('/portfolio/balance');
    expect(requests.map((r) => r.body)).toEqual([null, null]);
    expect(requests.map((r) => r.headers.get('content-type'))).toEqual([null, null]);
  });
});

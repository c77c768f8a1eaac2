import { expect, it } from 'vitest';
import { type AttemptEvent, KalshiInvalidResponseError, KalshiValidationError } from '../../src';
import { observedClient } from '../helpers';

// observe.ts documents an AttemptEvent as "one attempt that got an answer or failed". Two attempts that were sent and
// then failed were reported wrongly (round 35, S3).

// A fetch of the user's that resolved something other than a Response was called (the request may have been sent:
// a forgotten `return`), yet no attempt was reported: onAttempt and the debug log showed no request at all.
it.each([
  ['undefined', undefined],
  ['a plain object', { ok: true }],
])('a fetch resolving %s is reported as an attempt that failed (KalshiValidationError)', async (_kind, answer) => {
  const events: AttemptEvent[] = [];
  const { client } = await observedClient(() => answer as unknown as Response, {
    onAttempt: (event) => events.push(event),
  });
  await expect(client.GET('/exchange/status')).rejects.toBeInstanceOf(KalshiValidationError);
  expect(events).toMatchObject([{ operationId: 'GetExchangeStatus', attempt: 1, error: 'KalshiValidationError' }]);
  expect(events[0]?.status).toBeUndefined();
});

// A 2xx whose body is not JSON was answered with a status: the error carries it, the attempt said `status: undefined`
// as if no answer had come.
it('a 200 whose body is not JSON: the attempt carries the status 200, as the error does', async () => {
  const events: AttemptEvent[] = [];
  const { client } = await observedClient(() => new Response('<html>gateway</html>', { status: 200 }), {
    onAttempt: (event) => events.push(event),
    retry: { maxRetries: 0 },
  });
  const error = await client.GET('/exchange/status').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiInvalidResponseError);
  expect(error).toMatchObject({ status: 200 });
  expect(events).toMatchObject([{ attempt: 1, status: 200, error: 'KalshiInvalidResponseError' }]);
});

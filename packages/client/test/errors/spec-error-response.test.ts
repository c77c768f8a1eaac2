// kalshi-api-notes §3.1 shape 2: the flat body "matches OAS `ErrorResponse` literally", and the OAS declares
// `ErrorResponse {code, message, details, service}` with no member required (spec components.schemas.ErrorResponse).
// A flat body with its code and no message is that shape: its code is Kalshi's, not one made up from the status.
// Kalshi's codes are never empty (§3.2); an empty one is no code (the status's is used, as for a body without one).
import { describe, expect, it } from 'vitest';
import {
  errorFromResponse,
  KalshiBadRequestError,
  KalshiConflictError,
  KalshiUnconfirmedWriteError,
  parseErrorBody,
  unwrap,
} from '../../src';
import { json, lost, observedClient, v2Order } from '../helpers';

describe("the spec's ErrorResponse, whose members are all optional", () => {
  it('keeps the code of a flat body without a message', () => {
    expect(parseErrorBody({ code: 'order_already_exists' })).toMatchObject({ code: 'order_already_exists' });
    expect(parseErrorBody({ code: 'bad_request', details: 'json: cannot unmarshal number' })).toMatchObject({
      code: 'bad_request',
      details: 'json: cannot unmarshal number',
    });
    const error = errorFromResponse(409, { code: 'order_already_exists', service: 'exchange' });
    expect(error).toBeInstanceOf(KalshiConflictError);
    expect(error.code).toBe('order_already_exists');
  });

  it('unwrap of a raw create refused with a flat 409 without a message names order_already_exists', async () => {
    const { client } = await observedClient(() => json({ code: 'order_already_exists' }, 409));
    const error = await client
      .POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c-1' } })
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConflictError);
    expect(error).toMatchObject({ code: 'order_already_exists' });
    expect((error as Error).message).toContain('client_order_id c-1 was used before');
  });

  // §5.6: resubmitting the same client_order_id → 409 order_already_exists: after a lost attempt, the order is ours.
  it('a raw create repeated after a lost answer and refused so is applied "yes"', async () => {
    const { client } = await observedClient((_r, n) =>
      n === 1 ? lost() : json({ code: 'order_already_exists' }, 409),
    );
    const error = await client
      .POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c-2' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'yes', clientOrderId: 'c-2' });
  });

  it.each([[{ error: '' }], [{ error: { code: '', message: '' } }], [{ code: '', message: '' }]])(
    'an empty code %j is no code: the status names the error',
    (body) => {
      const error = errorFromResponse(400, body);
      expect(error).toBeInstanceOf(KalshiBadRequestError);
      expect(error.code).not.toBe('');
      expect(error.message).not.toMatch(/^400 :/);
    },
  );
});

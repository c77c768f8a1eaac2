// Attack round 33 (C): a near miss of one of placeOrder's enum values (`timeInForce: 'gtc'`, the usual abbreviation,
// or `side: 'YES'`) was refused with the list of allowed values only, while a misspelt option name gets "did you mean"
// (call-options.ts). The allowed values are the spec's (CreateOrderV2Request.time_in_force,
// self_trade_prevention_type) and placeOrder's own (action buy/sell, side yes/no); the abbreviations are the trading
// industry's (GTC, IOC, FOK). Nothing is sent either way: these check the refusal names the value meant.
import { expect, it } from 'vitest';
import { KalshiValidationError, type PlaceOrderInput, toCreateOrderRequest } from '../../src';

const order = { ticker: 'KXDEMO-26JUN30-T50', action: 'buy', side: 'yes', price: '0.40', count: 1 } as const;

/** What toCreateOrderRequest throws for the order with `field` set to `value` (undefined if it throws nothing). */
function refusalOf(field: string, value: unknown): unknown {
  try {
    toCreateOrderRequest({ ...order, [field]: value } as unknown as PlaceOrderInput);
  } catch (error) {
    return error;
  }
}

it.each([
  ['timeInForce', 'gtc', 'good_till_canceled'],
  ['timeInForce', 'IOC', 'immediate_or_cancel'],
  ['timeInForce', 'fok', 'fill_or_kill'],
  ['timeInForce', 'good_till_cancelled', 'good_till_canceled'],
  ['timeInForce', 'GOOD_TILL_CANCELED', 'good_till_canceled'],
  ['timeInForce', 'immediateOrCancel', 'immediate_or_cancel'],
  ['selfTradePrevention', 'takerAtCross', 'taker_at_cross'],
  ['selfTradePrevention', 'MAKER', 'maker'],
  ['action', 'BUY', 'buy'],
  ['side', 'Yes', 'yes'],
])('%s %j: refused with the allowed values and "did you mean %s?"', (field, value, meant) => {
  const error = refusalOf(field, value);
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field });
  expect((error as Error).message).toContain(JSON.stringify(value));
  expect((error as Error).message).toContain(`did you mean ${meant}?`);
});

it('a value like none of them gets the list alone', () => {
  expect(() => toCreateOrderRequest({ ...order, timeInForce: 'day' } as unknown as PlaceOrderInput)).toThrow(
    /must be one of good_till_canceled, immediate_or_cancel, fill_or_kill, got "day"$/,
  );
});

// Attack round 44 (A): a value that is not what a field takes is named as what it was. `Number(process.env.X)` of an
// unset variable is NaN, which the message printed as JSON's `null` ("subaccount: must be a whole number 0–63, got
// null"); a function or a symbol printed as `undefined`; a BigInt or a Symbol threw a raw TypeError ("Do not know how
// to serialize a BigInt") outside the KalshiError hierarchy. Nothing is sent either way.
it.each([
  ['subaccount', Number.NaN, 'got NaN'],
  ['subaccount', Number.POSITIVE_INFINITY, 'got Infinity'],
  ['subaccount', 1n, 'got a bigint'],
  ['postOnly', Number.NaN, 'got NaN'],
  ['reduceOnly', 0n, 'got a bigint'],
  ['action', 1n, 'got a bigint'],
  ['side', Number.NaN, 'got NaN'],
  ['timeInForce', Symbol('gtc'), 'got a symbol'],
  ['selfTradePrevention', () => 'maker', 'got a function'],
  ['clientOrderId', () => 'c-1', 'got a function'],
  ['orderGroupId', 7n, 'got a bigint'],
  ['expiresAt', Symbol('soon'), 'a symbol is not a valid Date'],
])('%s %s: refused naming what it was: %s', (field, value, got) => {
  const error = refusalOf(field, value);
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field });
  expect((error as Error).message).toContain(got);
});

import { expect, it } from 'vitest';
import {
  centsToDollars,
  dollarsToCents,
  formatCount,
  formatDollars,
  notional,
  parseCount,
  parseDollars,
} from '../../src';

it('exports the exact money helpers (integer units, never floats)', () => {
  expect(centsToDollars(2)).toBe('0.0200');
  expect(dollarsToCents('0.9900')).toBe(99);
  expect(parseDollars('0.1') + parseDollars('0.2')).toBe(parseDollars('0.3'));
  expect(formatCount(parseCount('2.5'))).toBe('2.50');
});

// An order's cost, exactly: price × count in the fixed-point units of kalshi-api-notes §4 ($ strings with up to 6
// decimals, counts with 2). 3 contracts at $0.56 cost $1.68; 0.05 contracts at $0.0015 cost $0.000075, which a cent
// or 4-decimal field cannot hold: truncated toward zero by default, rounded up with 'ceil'.
it('exports notional: the exact cost of a count at a price, truncated or rounded up', () => {
  expect(notional).toBeTypeOf('function');
  expect(formatDollars(notional(parseDollars('0.5600'), parseCount('3')))).toBe('1.6800');
  expect(notional(parseDollars('0.0015'), parseCount('0.05'))).toBe(75);
  expect(notional(parseDollars('0.000015'), parseCount('0.33'))).toBe(4);
  expect(notional(parseDollars('0.000015'), parseCount('0.33'), 'ceil')).toBe(5);
});

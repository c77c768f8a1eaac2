import { expect, it } from 'vitest';
import { centsToDollars, dollarsToCents, formatCount, parseCount, parseDollars } from '../../src';

it('exports the exact money helpers (integer units, never floats)', () => {
  expect(centsToDollars(2)).toBe('0.0200');
  expect(dollarsToCents('0.9900')).toBe(99);
  expect(parseDollars('0.1') + parseDollars('0.2')).toBe(parseDollars('0.3'));
  expect(formatCount(parseCount('2.5'))).toBe('2.50');
});

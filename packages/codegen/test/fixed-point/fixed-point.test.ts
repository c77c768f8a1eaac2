import { describe, expect, it } from 'vitest';
import {
  centsToDollars,
  dollarsToCents,
  FixedPointError,
  formatCount,
  formatDollars,
  notional,
  parseCount,
  parseDollars,
} from '../../src/runtime/fixed-point';

describe('dollars', () => {
  it.each([
    ['0.56', 560_000],
    ['0.5600', 560_000],
    ['0.017500', 17_500],
    ['98.0186', 98_018_600],
    ['-1.25', -1_250_000],
    ['0', 0],
  ])('parses %s exactly', (text, units) => expect(parseDollars(text)).toBe(units));

  it('formats with 4 decimals by default and 6 on request', () => {
    expect(formatDollars(10_000)).toBe('0.0100');
    expect(formatDollars(17_500, 6)).toBe('0.017500');
    expect(formatDollars(-1_250_000)).toBe('-1.2500');
  });

  it('refuses to round silently when formatting', () => {
    expect(() => formatDollars(17_472)).toThrow(FixedPointError);
  });

  it('has no float drift: 0.1 + 0.2 is 0.3', () => {
    expect(formatDollars(parseDollars('0.1') + parseDollars('0.2'))).toBe('0.3000');
  });

  it.each([
    [0.5, 'a number'],
    ['abc', 'is not a decimal number'],
    ['1.1234567', 'has 7 decimals; at most 6 allowed'],
    ['1e3', 'is not a decimal number'],
    [' 1', 'is not a decimal number'],
  ])('rejects %j, naming the field', (value, reason) => {
    expect(() => parseDollars(value, 'price')).toThrow(
      new RegExp(`^price: .*${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('limits request precision when asked', () => {
    expect(() => parseDollars('0.56001', 'price', 4)).toThrow(/price: "0.56001" has 5 decimals; at most 4 allowed/);
  });
});

describe('counts', () => {
  it.each([
    ['10', 1000],
    ['10.5', 1050],
    ['10.50', 1050],
    ['0.01', 1],
  ])('parses %s', (text, units) => expect(parseCount(text)).toBe(units));

  it('formats with exactly 2 decimals', () => {
    expect(formatCount(1050)).toBe('10.50');
    expect(formatCount(1)).toBe('0.01');
  });

  it('rejects sub-0.01 counts', () => {
    expect(() => parseCount('1.001', 'count')).toThrow(/count: "1.001" has 3 decimals; at most 2 allowed/);
  });
});

describe('cents and notional', () => {
  it('converts cents and dollars both ways', () => {
    expect(centsToDollars(1)).toBe('0.0100');
    expect(centsToDollars(99)).toBe('0.9900');
    expect(dollarsToCents('0.5200')).toBe(52);
    expect(() => dollarsToCents('0.0150', 'price')).toThrow(/price: "0.0150" is not a whole number of cents/);
    expect(() => centsToDollars(1.5)).toThrow(FixedPointError);
  });

  it('multiplies price by count exactly, truncating or rounding up', () => {
    expect(notional(parseDollars('0.52'), parseCount('3'))).toBe(1_560_000);
    expect(notional(parseDollars('0.0175'), parseCount('0.01'), 'trunc')).toBe(175);
    expect(notional(parseDollars('0.000001'), parseCount('0.5'), 'trunc')).toBe(0);
    expect(notional(parseDollars('0.000001'), parseCount('0.5'), 'ceil')).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { loadOpenApiSpec } from '../../src/load-spec';
import { DEFAULT_TOKEN_COST, tokenCost } from '../../src/runtime/rate-limits';
import { KALSHI_SPEC } from '../helpers';

/** Every "**Rate limit:** N tokens per request|order" an operation's note in the spec states, by operationId. */
async function statedCosts(): Promise<Map<string, number>> {
  const { document } = await loadOpenApiSpec(KALSHI_SPEC);
  const stated = new Map<string, number>();
  for (const item of Object.values(document.paths as Record<string, Record<string, unknown>>))
    for (const op of Object.values(item) as { operationId?: string; description?: string; 'x-mint'?: unknown }[]) {
      if (!op?.operationId) continue;
      const text = `${op.description ?? ''} ${JSON.stringify(op['x-mint'] ?? '')}`;
      const cost = /\*\*Rate limit:\*\* (\d+) tokens per (?:request|order)/.exec(text)?.[1];
      if (cost) stated.set(op.operationId, Number(cost));
    }
  return stated;
}

describe('token costs', () => {
  it('bills cancel-all 2 tokens, as spec 3.31.0 states (not the notes’ default 10)', () => {
    expect(tokenCost('CancelAllOrders')).toBe(2);
  });

  it('agrees with every cost the spec states in an operation note', async () => {
    const stated = await statedCosts();
    expect(stated.size).toBeGreaterThan(5);
    for (const [operationId, cost] of stated)
      expect({ operationId, cost: tokenCost(operationId) }).toEqual({ operationId, cost });
  });

  it('bills a batch per item and anything unlisted the default', () => {
    expect(tokenCost('BatchCancelOrdersV2', { orders: [{}, {}, {}] })).toBe(6);
    expect(tokenCost('GetMarkets')).toBe(DEFAULT_TOKEN_COST);
  });
});

// A non-array `orders` is a malformed body, not items (a string's `.length` is not a batch size): it costs what a batch
// of none does, one item (kalshi-api-notes §8.1 bill a batch per item; the notes are silent on malformed bodies).
describe('a batch whose orders is not an array', () => {
  it.each([
    ['a 1,001-character string', 'x'.repeat(1001)],
    ['a number', 5000],
    ['an object with a length', { length: 5000 }],
    ['null', null],
  ])('costs one item: orders %s', (_, orders) => {
    expect(tokenCost('BatchCreateOrdersV2', { orders })).toBe(tokenCost('BatchCreateOrdersV2', { orders: [] }));
    expect(tokenCost('BatchCreateOrdersV2', { orders })).toBe(DEFAULT_TOKEN_COST);
    expect(tokenCost('BatchCancelOrdersV2', { orders })).toBe(2);
  });
});

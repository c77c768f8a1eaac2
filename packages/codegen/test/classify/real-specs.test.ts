import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChanges, loadOpenApiSpec, renderChangeset } from '../../src';
import { KALSHI_SPEC } from '../helpers';

const SPEC_3_7 = resolve(import.meta.dirname, '../../../../../shared/spec/kalshi-openapi-3.7.0.yaml');

describe('Kalshi 3.7.0 → 3.31.0', async () => {
  const [before, after] = await Promise.all([loadOpenApiSpec(SPEC_3_7), loadOpenApiSpec(KALSHI_SPEC)]);
  const changes = classifyChanges(before.document, after.document);

  it('finds the 9 removed operations, all breaking, and the 42 added ones', () => {
    const removed = changes.filter((c) => c.rule === 'operation-removed');
    expect(removed.map((c) => c.operationId).sort()).toEqual(
      [
        'AmendOrder',
        'BatchCancelOrders',
        'BatchCreateOrders',
        'CancelOrder',
        'CreateOrder',
        'DecreaseOrder',
        'GetExchangeAnnouncements',
        'GetMultivariateEventCollectionLookupHistory',
        'LookupTickersForMarketInMultivariateEventCollection',
      ].sort(),
    );
    expect(removed.every((c) => c.breaking)).toBe(true);
    expect(changes.filter((c) => c.rule === 'operation-added')).toHaveLength(42);
  });

  it('sees the removal of integer cents fields from market responses as breaking', () => {
    const marketFields = changes.filter((c) => c.operationId === 'GetMarket' && c.breaking).map((c) => c.location);
    expect(marketFields).toContain('response 200 .market .yes_bid');
  });

  it('writes a minor-bump changeset (pre-1.0) that tells users what to use instead', () => {
    const text = renderChangeset(changes, {
      packages: { '@org/kalshi-client': '0.1.0', '@org/kalshi-mock': '0.1.0' },
      fromVersion: '3.7.0',
      toVersion: '3.31.0',
      helpers: { CreateOrderV2: 'placeOrder' },
    });
    expect(text).toMatch(/^---\n"@org\/kalshi-client": minor\n"@org\/kalshi-mock": minor\n---\n/);
    expect(text).toContain(
      '- `POST /portfolio/orders` (CreateOrder) removed: use `placeOrder` / `POST /portfolio/events/orders` (CreateOrderV2).',
    );
  });
});

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

  it('points a removed cents field at its `_dollars` twin (Kalshi removed cents fields on 2026-03-12, notes §11)', () => {
    const yesBid = changes.find((c) => c.operationId === 'GetMarket' && c.location === 'response 200 .market .yes_bid');
    expect(yesBid).toMatchObject({ rule: 'property-removed', severity: 'breaking' });
    expect(yesBid?.message).toBe('field removed: use `.yes_bid_dollars`');
  });

  it('reports each change once and every added operation as safe', () => {
    const keys = changes.map((c) => `${c.operation}|${c.location}|${c.rule}|${c.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(changes.filter((c) => c.rule === 'operation-added').every((c) => c.severity === 'safe')).toBe(true);
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

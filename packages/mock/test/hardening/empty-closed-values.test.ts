import { beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../helpers';

// Round 48 (K2): `count_filter=` (sent, empty) was read as no filter, where `mve_filter=` or a collection's `status=`
// (schema enums) are refused: "" is none of the values. kalshi-api-notes are silent on empty query values, and the
// spec gives CountFilterQuery no "leave empty" (GetMarkets `status` and UserFilter have one, and stay no filter) but
// "The following values are accepted - position, total_traded". Its parameter is a Go pointer (no
// x-go-type-skip-optional-pointer): sent empty it is a value, not Go's absent zero value; where unsure the mock refuses
// (as for empty required parameters, round 46), so that a query green on the mock is not refused by Kalshi. The same
// for the other pointer parameters whose values the spec lists: GetOrders, GetRFQs and GetBlockTradeProposals `status`.
// GetQuotes `status` skips the pointer: "" is its absent value there, and stays no filter.
let h: Harness;
beforeEach(async () => {
  h = await harness({ seed: 2 });
});

describe('an optional parameter whose values the spec lists, sent empty', () => {
  it('is refused as mve_filter= (a schema enum) is, naming the values', async () => {
    const enumRefusal = await h.call('GET', '/markets?mve_filter=');
    expect(enumRefusal.body).toEqual({
      msg: 'Parameter validation failed for GetMarkets: mve_filter must be one of only, exclude, got ""',
    });
  });

  it.each([
    ['/portfolio/positions?count_filter=', 'GetPositions: count_filter must be one of position, total_traded, got ""'],
    ['/portfolio/positions?count_filter=,', 'GetPositions: count_filter must be one of position, total_traded, got ""'],
    [
      '/portfolio/positions?count_filter=position,',
      'GetPositions: count_filter must be one of position, total_traded, got ""',
    ],
    ['/portfolio/orders?status=', 'GetOrders: status must be one of resting, canceled, executed, got ""'],
    ['/communications/rfqs?status=', 'GetRFQs: status must be one of open, closed, got ""'],
    [
      '/communications/block-trade-proposals?status=',
      'GetBlockTradeProposals: status must be one of pending, executed, expired, got ""',
    ],
  ])('%s is refused naming the values it takes', async (path, message) => {
    const response = await h.call('GET', path);
    expect([response.status, response.body]).toEqual([400, { msg: `Parameter validation failed for ${message}` }]);
  });

  it('is still no filter where Go reads "" as absent (GetQuotes status) or the spec says "leave empty"', async () => {
    for (const path of ['/communications/quotes?status=', '/markets?status=&limit=1']) {
      const response = await h.call('GET', path);
      expect(response.status, path).toBe(200);
    }
    expect((await h.call('GET', '/portfolio/positions?count_filter=position,total_traded')).status).toBe(200);
  });
});

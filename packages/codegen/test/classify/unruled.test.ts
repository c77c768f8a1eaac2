import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifyChanges, resolvePointer } from '../../src';
import { type Doc, KALSHI_SPEC, specOf } from '../helpers';

const SPEC_3_7 = resolve(import.meta.dirname, '../../../../../shared/spec/kalshi-openapi-3.7.0.yaml');
// README (spec:update): potentially breaking includes "anything no rule covers, named by its JSON pointer". Every such
// difference is listed, next to whatever else changed in the operation (A-D2), at a pointer that resolves in the spec
// file: the new one, or the old one for what was removed (A-D10). Kalshi's spec, changed in one place per case.
const spec = specOf(KALSHI_SPEC);
const schemas = (d: Doc) => d.components.schemas;
const market = (d: Doc) => d.paths['/markets/{ticker}'].get;
const of = (after: Doc, operation: string) =>
  classifyChanges(spec(), after)
    .filter((c) => c.operation === operation)
    .map((c) => `${c.severity} ${c.rule} ${c.location}: ${c.message}`);
const at = (doc: Doc, pointer: string) => resolvePointer(doc, `#${pointer}`);

describe('changes no rule covers in an operation', () => {
  // An error status removed has its own rule since attack round 27 (error-status-removed), one added since round 28
  // (error-status-added, rules.test.ts); a response header or a redirect status has none.
  it('a response header added is listed beside a field added to the same operation', () => {
    const after = spec((d) => {
      market(d).responses['200'].headers = { 'X-Trace': { schema: { type: 'string' } } };
      schemas(d).GetMarketResponse.properties.extra = { type: 'string' };
    });
    expect(of(after, 'GET /markets/{ticker}')).toEqual([
      'safe property-added response 200 .extra: field added',
      'potentially-breaking unrecognized-change /paths/~1markets~1{ticker}/get/responses/200/headers: added: {"X-Trace":{"schema":{"type":"string"}}} (no rule for it: check it by hand)',
    ]);
  });

  it('lists each of several, not only the first', () => {
    const after = spec((d) => {
      market(d).responses['302'] = { description: 'Moved' };
      market(d).responses['303'] = { description: 'See other' };
      market(d).responses['200'].headers = { 'X-Trace': { schema: { type: 'string' } } };
    });
    expect(of(after, 'GET /markets/{ticker}').map((line) => line.split(':')[0])).toEqual([
      'potentially-breaking unrecognized-change /paths/~1markets~1{ticker}/get/responses/200/headers',
      'potentially-breaking unrecognized-change /paths/~1markets~1{ticker}/get/responses/302',
      'potentially-breaking unrecognized-change /paths/~1markets~1{ticker}/get/responses/303',
    ]);
  });

  it('in a schema: a `required` entry naming no field is listed beside a field added', () => {
    const after = spec((d) => {
      schemas(d).CreateOrderV2Request.required.push('ghost');
      schemas(d).CreateOrderV2Request.properties.note = { type: 'string' };
    });
    expect(of(after, 'POST /portfolio/events/orders')).toEqual([
      'safe property-added request body .note: field added',
      'potentially-breaking unrecognized-change /components/schemas/CreateOrderV2Request/required/6: request body: required now lists "ghost", no such field (no rule for it: check it by hand)',
    ]);
    expect(at(after, '/components/schemas/CreateOrderV2Request/required/6')).toBe('ghost');
  });

  // Mutation gaps (round 17). operation-leftovers.ts lists "a parameter's `content` or `allowEmptyValue`" and every
  // error status (a `default` response is one); differences.ts skips prose, not a field that happens to be named
  // `description` (Kalshi's ExchangeIndexStatus has one).
  it('a parameter’s allowEmptyValue is listed at its pointer', () => {
    const after = spec((d) => (d.components.parameters.TickerPath.allowEmptyValue = true));
    expect(of(after, 'GET /markets/{ticker}')).toEqual([
      'potentially-breaking unrecognized-change /components/parameters/TickerPath/allowEmptyValue: added: true (no rule for it: check it by hand)',
    ]);
  });

  // Since round 28 an error status added has its rule: `default` is one (operation-leftovers.ts, isErrorStatus).
  it('a `default` response added is error-status-added, not listed at its pointer too', () => {
    const after = spec((d) => (market(d).responses.default = { description: 'Unexpected error' }));
    expect(
      classifyChanges(spec(), after)
        .filter((c) => c.operation === 'GET /markets/{ticker}')
        .map((c) => `${c.severity} ${c.rule} ${c.location}`),
    ).toEqual(['potentially-breaking error-status-added response default']);
  });

  it('a field named `description` in a body no rule reads is compared, not skipped as prose', () => {
    const csv = (type: string) => (d: Doc) =>
      (market(d).responses['200'].content['text/csv'] = {
        schema: { type: 'object', properties: { description: { type } } },
      });
    expect(
      classifyChanges(spec(csv('string')), spec(csv('integer')))
        .filter((c) => c.operation === 'GET /markets/{ticker}')
        .map((c) => `${c.severity} ${c.rule} ${c.location}`),
    ).toEqual([
      'potentially-breaking unrecognized-change /paths/~1markets~1{ticker}/get/responses/200/content/text~1csv/schema/properties/description/type',
    ]);
  });
});

// Round 26 (S-D1): additionalProperties changes with no rule of their own. The README's rules cover only a map closed
// (`false`: additional-properties-removed) or opened (additional-properties-allowed); a value schema added to or dropped
// from an open object changes the generated type (`Record<string, never>`, or an index signature every property must
// satisfy) and must be listed as potentially breaking at its pointer, never dropped.
describe('additionalProperties changes', () => {
  const lines = (after: Doc, operation: string) =>
    classifyChanges(spec(), after)
      .filter((c) => c.operation === operation)
      .map((c) => `${c.severity} ${c.rule} ${c.location}`);

  it('a response map that loses its value schema is listed at the keyword in the old spec', () => {
    const after = spec(
      (d) => delete schemas(d).GetTagsForSeriesCategoriesResponse.properties.tags_by_categories.additionalProperties,
    );
    const pointer =
      '/components/schemas/GetTagsForSeriesCategoriesResponse/properties/tags_by_categories/additionalProperties';
    expect(lines(after, 'GET /search/tags_by_categories')).toEqual([
      `potentially-breaking unrecognized-change ${pointer}`,
    ]);
    expect(at(spec(), pointer)).toEqual({ type: 'array', items: { type: 'string' } });
    const [change] = classifyChanges(spec(), after);
    expect(change?.message).toBe(
      'response 200 .tags_by_categories: additionalProperties changed from {"type":"array","items":{"type":"string"}} to none (no rule for it: check it by hand; the pointer is into the old spec)',
    );
  });

  it('a response object that gains a value schema for other keys is listed at the keyword in the new spec', () => {
    const after = spec((d) => (schemas(d).ExchangeStatus.additionalProperties = { type: 'integer' }));
    // ExchangeStatus is reached from more than one place of the operation: each is listed, all at the one keyword.
    expect(new Set(lines(after, 'GET /exchange/status'))).toEqual(
      new Set(['potentially-breaking unrecognized-change /components/schemas/ExchangeStatus/additionalProperties']),
    );
  });

  it('an open map (`true`) given a value schema is listed', () => {
    const after = spec((d) => (schemas(d).LiveData.properties.details.additionalProperties = { type: 'string' }));
    const changes = classifyChanges(spec(), after).filter((c) => c.rule === 'unrecognized-change');
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.map((c) => `${c.severity} ${c.location}`))).toEqual(
      new Set(['potentially-breaking /components/schemas/LiveData/properties/details/additionalProperties']),
    );
  });

  it('a request body given a value schema for other keys is listed', () => {
    const after = spec((d) => (schemas(d).CreateOrderV2Request.additionalProperties = { type: 'string' }));
    expect(lines(after, 'POST /portfolio/events/orders')).toEqual([
      'potentially-breaking unrecognized-change /components/schemas/CreateOrderV2Request/additionalProperties',
    ]);
  });

  it('a request body closed with `false` is the ruled change only, not listed twice', () => {
    const after = spec((d) => (schemas(d).CreateOrderV2Request.additionalProperties = false));
    expect(lines(after, 'POST /portfolio/events/orders')).toEqual([
      'breaking additional-properties-removed request body',
    ]);
  });
});

describe('the pointer of a change no rule covers', () => {
  it('resolves in the new spec, at the schema the keyword is written in (not the operation that uses it)', () => {
    const after = spec((d) => (d.components.parameters.MarketLimitQuery.schema.default = 50));
    const [change] = classifyChanges(spec(), after);
    expect(change).toMatchObject({
      rule: 'unrecognized-change',
      location: '/components/parameters/MarketLimitQuery/schema/default',
      message: 'query parameter "limit": default changed from 100 to 50 (no rule for it: check it by hand)',
    });
    expect(at(after, String(change?.location))).toBe(50);
  });

  it('resolves in the old spec for what was removed', () => {
    // (An error status removed has its own rule since attack round 27: the operation's tags go instead.)
    const after = spec((d) => delete market(d).tags);
    const [change] = classifyChanges(spec(), after);
    expect(change?.rule).toBe('unrecognized-change');
    expect(at(after, String(change?.location))).toBeUndefined();
    expect(at(spec(), String(change?.location))).toEqual(['market']);
  });

  it('resolves for every unrecognized change between Kalshi 3.7.0 and 3.31.0', () => {
    const [old, now] = [parse(readFileSync(SPEC_3_7, 'utf8')), spec()];
    const unruled = classifyChanges(old, now).filter((c) => c.rule === 'unrecognized-change');
    expect(unruled.length).toBeGreaterThan(0);
    const unresolved = unruled.filter(
      (c) => at(c.message.includes('the pointer is into the old spec') ? old : now, c.location) === undefined,
    );
    expect(unresolved).toEqual([]);
  });
});

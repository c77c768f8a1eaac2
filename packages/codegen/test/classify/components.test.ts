import { describe, expect, it } from 'vitest';
import { classifyChanges, renderChangeset } from '../../src';
import { type Doc, KALSHI_SPEC, specOf } from '../helpers';

// @org/kalshi-client exports the generated `components` (`export type { components, … }`), so user code may name
// `components['schemas']['AmendOrderRequest']`, a schema no operation of 3.31.0 uses any more (one of the retired V1
// order schemas). A component removed stops such code compiling: breaking. A schema no operation reaches is compared
// on its own, at its pointer, with the schema rules at the worse of a request's and a response's severity (code may
// build such a value or read it); a schema an operation uses is reported through that operation (A-D4).
const spec = specOf(KALSHI_SPEC);
const lines = (after: Doc) =>
  classifyChanges(spec(), after).map((c) => `${c.severity} ${c.rule} ${c.operation} ${c.location}: ${c.message}`);

describe('component schemas no operation uses', () => {
  it('one removed is breaking, named by its pointer', () => {
    expect(lines(spec((d) => delete d.components.schemas.AmendOrderRequest))).toEqual([
      "breaking component-removed #/components/schemas/AmendOrderRequest : removed (`components['schemas']['AmendOrderRequest']` no longer exists)",
    ]);
  });

  it('one changed is classified like any schema change, at its pointer', () => {
    const after = spec((d) => {
      const amend = d.components.schemas.AmendOrderRequest;
      delete amend.properties.subaccount;
      amend.properties.reason = { type: 'string' };
      amend.required = [...(amend.required ?? []), 'reason'];
    });
    expect(lines(after)).toEqual([
      'breaking property-removed #/components/schemas/AmendOrderRequest .subaccount: field removed',
      'breaking required-property-added #/components/schemas/AmendOrderRequest .reason: field added as required',
    ]);
  });

  it('one added is safe', () => {
    expect(lines(spec((d) => (d.components.schemas.Unused = { type: 'object' })))).toEqual([
      'safe component-added #/components/schemas/Unused : added (no operation or message uses it)',
    ]);
  });

  // Mutation gap (round 17). Only schemas an operation kept in both specs uses are reported through it; one the
  // operation used before and no longer does is compared on its own (it stays exported under `components`).
  it('one an operation stopped using is compared on its own, at its pointer', () => {
    const amend = (d: Doc) =>
      d.paths['/portfolio/events/orders/{order_id}/amend'].post.requestBody.content['application/json'].schema;
    const before = spec((d) => (amend(d).$ref = '#/components/schemas/AmendOrderRequest'));
    const after = spec((d) => delete d.components.schemas.AmendOrderRequest.properties.subaccount);
    const atComponents = classifyChanges(before, after).filter((c) => c.operation.startsWith('#/components/'));
    expect(atComponents.map((c) => `${c.severity} ${c.rule} ${c.operation} ${c.location}: ${c.message}`)).toEqual([
      'breaking property-removed #/components/schemas/AmendOrderRequest .subaccount: field removed',
    ]);
  });

  it('a changeset names them (a minor bump before 1.0, major after)', () => {
    const changes = classifyChanges(
      spec(),
      spec((d) => delete d.components.schemas.AmendOrderRequest),
    );
    const options = { fromVersion: '3.31.0', toVersion: '3.32.0' };
    expect(renderChangeset(changes, { ...options, packages: { '@org/kalshi-client': '1.2.0' } })).toContain(
      '"@org/kalshi-client": major',
    );
    expect(renderChangeset(changes, { ...options, packages: { '@org/kalshi-client': '0.1.0' } })).toContain(
      "- `#/components/schemas/AmendOrderRequest`: removed (`components['schemas']['AmendOrderRequest']` no longer exists).",
    );
  });
});

describe('component schemas an operation uses', () => {
  // 3.31.0's unused CreateOrderResponse holds `order: Order`, and operations read Order: a response-only change of
  // Order is safe there and must not come back breaking through the unused wrapper (worse of both directions).
  it('a change is not reported again through an unused schema that holds them', () => {
    const after = spec((d) => (d.components.schemas.Order.properties.expiration_time.maxLength = 3));
    const changes = classifyChanges(spec(), after);
    expect(changes.filter((c) => c.operation.startsWith('#/components/'))).toEqual([]);
    expect(new Set(changes.map((c) => `${c.severity} ${c.rule}`))).toEqual(new Set(['safe constraint-tightened']));
  });

  it('a change is reported through the operations only, not again at the component', () => {
    const after = spec((d) => (d.components.schemas.GetMarketResponse.properties.extra = { type: 'string' }));
    expect(lines(after)).toEqual([
      'safe property-added GET /markets/{ticker} response 200 .extra: field added',
      'safe property-added GET /historical/markets/{ticker} response 200 .extra: field added',
    ]);
  });
});

// Round 41 (D): openapi-typescript exports every component kind (`components['parameters']['…']`, `['responses']`,
// `['requestBodies']`, `['headers']`), but only schemas no operation reaches were compared: a parameter, response or
// header no operation uses changed its type and the report said "no API changes" (spec:update then wrote no
// changeset). The notes are silent; as for schemas, each change is reported at the component's pointer, its JSON
// schema with the schema rules (the worse of both directions), whatever else changed for a check by hand.
describe('other components no operation uses', () => {
  const withUnused = (type: string, required = false) =>
    spec((d) => {
      d.components.parameters.UnusedParameter = { name: 'u', in: 'query', required, schema: { type } };
      d.components.responses.UnusedResponse = {
        description: 'unused',
        content: { 'application/json': { schema: { type: 'object', properties: { a: { type } } } } },
      };
      d.components.headers = { UnusedHeader: { schema: { type } } };
    });
  const changes = (after: Doc) =>
    classifyChanges(withUnused('string'), after).map(
      (c) => `${c.severity} ${c.rule} ${c.operation} ${c.location}: ${c.message}`,
    );

  it('one whose schema changed is classified like any schema change, at its pointer', () => {
    expect(changes(withUnused('integer'))).toEqual([
      'breaking type-changed #/components/responses/UnusedResponse .a: type changed from string to integer',
      'breaking type-changed #/components/parameters/UnusedParameter : type changed from string to integer',
      'breaking type-changed #/components/headers/UnusedHeader : type changed from string to integer',
    ]);
  });

  it('one changed outside its schema is listed at the pointer of what changed', () => {
    expect(changes(withUnused('string', true))).toEqual([
      'potentially-breaking unrecognized-change #/components/parameters/UnusedParameter /components/parameters/UnusedParameter/required: changed from false to true (no rule for it: check it by hand)',
    ]);
  });

  it('one an operation uses is reported through the operation only', () => {
    const after = spec((d) => (d.components.parameters.TickerPath.schema.minLength = 3));
    expect(classifyChanges(spec(), after).filter((c) => c.operation.startsWith('#/components/'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifyChanges, diffOperations, formatOperationDiff } from '../../src';

const base = `
openapi: 3.0.0
info: { title: t, version: '1' }
paths:
  /orders:
    post:
      operationId: CreateOrder
      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Order' } } } }
      responses: { '201': { description: ok } }
  /markets:
    get: { operationId: GetMarkets, responses: { '200': { description: ok } } }
components:
  schemas:
    Order: { type: object, properties: { price: { type: integer } } }
`;

describe('diffOperations', () => {
  it('reports added, removed and changed operations, including changes inside referenced schemas', () => {
    const before = parse(base);
    const after = parse(base);
    delete after.paths['/orders'];
    after.paths['/events/orders'] = { post: { ...before.paths['/orders'].post, operationId: 'CreateOrderV2' } };
    after.paths['/markets'].get.parameters = [{ name: 'cursor', in: 'query', schema: { type: 'string' } }];
    const diff = diffOperations(before, after);
    expect(diff.removed).toEqual([{ method: 'POST', path: '/orders', operationId: 'CreateOrder' }]);
    expect(diff.added).toEqual([{ method: 'POST', path: '/events/orders', operationId: 'CreateOrderV2' }]);
    expect(diff.changed).toEqual([{ method: 'GET', path: '/markets', operationId: 'GetMarkets' }]);
  });

  it('sees a change in a shared schema as a change of the operations using it, but ignores descriptions', () => {
    const before = parse(base);
    const after = parse(base);
    after.components.schemas.Order.properties.price = { type: 'string' };
    after.paths['/markets'].get.description = 'reworded';
    const diff = diffOperations(before, after);
    expect(diff.changed.map((op) => op.operationId)).toEqual(['CreateOrder']);
    expect(formatOperationDiff(diff)).toContain('~ POST   /orders  CreateOrder');
  });

  // Mutation gaps (round 17). inlineRefs: "the keywords beside a $ref, such as `nullable: true`, are kept over it,
  // keys sorted …: two nodes that mean the same compare equal".
  it('sees `nullable: true` written beside a $ref as a change', () => {
    const withPrice = (nullable: boolean) => {
      const doc = parse(base);
      doc.components.schemas.Price = { type: 'integer' };
      doc.components.schemas.Order.properties.price = {
        $ref: '#/components/schemas/Price',
        ...(nullable ? { nullable } : {}),
      };
      return doc;
    };
    expect(diffOperations(withPrice(false), withPrice(true)).changed.map((op) => op.operationId)).toEqual([
      'CreateOrder',
    ]);
  });

  it('does not see keys written in another order as a change', () => {
    const after = parse(base);
    const order = after.components.schemas.Order;
    after.components.schemas.Order = { properties: order.properties, type: order.type };
    expect(diffOperations(parse(base), after).changed).toEqual([]);
  });
});

// Attack round 27: `diff` printed "Changed operations (1)" above a classified report naming two changed operations.
// The count is of operations (each listed once, however many changes it has) and covers every operation the classified
// report names: a field named like prose (`description`: Kalshi's ExchangeIndexStatus has one), a path item's
// parameter, the document's security an operation inherits.
describe('Changed operations counts the operations the classified report names', () => {
  const operationsIn = (before: Record<string, unknown>, after: Record<string, unknown>) => [
    ...new Set(classifyChanges(before, after).map((c) => c.operationId)),
  ];

  it('one operation changed in two ways, another in one (a response field named `description`)', () => {
    const before = parse(base);
    before.components.schemas.Order.properties.description = { type: 'string' };
    const after = parse(base);
    after.components.schemas.Order.properties.description = { type: 'integer' };
    after.paths['/markets'].get.parameters = [
      { name: 'cursor', in: 'query', required: true, schema: { type: 'string' } },
    ];
    after.paths['/markets'].get.responses['404'] = { description: 'not found' };
    const diff = diffOperations(before, after);
    expect(operationsIn(before, after).sort()).toEqual(['CreateOrder', 'GetMarkets']);
    expect(diff.changed.map((op) => op.operationId).sort()).toEqual(['CreateOrder', 'GetMarkets']);
    expect(formatOperationDiff(diff)).toContain(
      'Changed operations (2 operations, each listed once; their changes are classified below)\n  ~ ',
    );
  });

  it('a path item’s parameter and the document’s security count for each operation of the path', () => {
    const before = parse(base);
    before.components.securitySchemes = { key: { type: 'apiKey', in: 'header', name: 'K' } };
    const after = structuredClone(before);
    after.security = [{ key: [] }];
    after.paths['/markets'].parameters = [{ name: 'status', in: 'query', required: true, schema: { type: 'string' } }];
    const diff = diffOperations(before, after);
    expect(operationsIn(before, after).sort()).toEqual(['CreateOrder', 'GetMarkets']);
    expect(diff.changed.map((op) => op.operationId).sort()).toEqual(['CreateOrder', 'GetMarkets']);
  });

  it('says one operation in the singular', () => {
    const after = parse(base);
    after.paths['/markets'].get.deprecated = true;
    expect(formatOperationDiff(diffOperations(parse(base), after))).toContain(
      'Changed operations (1 operation, each listed once; their changes are classified below)\n  ~ GET    /markets  GetMarkets',
    );
  });
});

// Round 28. OpenAPI 3.0 §4.7.8 (Operation Object, `security`): an operation's own `security` overrides the document's,
// and `[]` removes it (no authentication); an operation without one inherits the document's. So `security: []` and no
// `security` are the same operation exactly when the document requires nothing; under a document-level requirement they
// are a public operation and a signed one.
describe('an operation’s `security: []` against none, in Changed operations and the classified report', () => {
  const KEY = { key: [] };
  const withSecurity = (operation: readonly unknown[] | undefined, document?: readonly unknown[]) => {
    const doc = parse(base);
    doc.components.securitySchemes = { key: { type: 'apiKey', in: 'header', name: 'K' } };
    if (document !== undefined) doc.security = document;
    if (operation !== undefined) doc.paths['/markets'].get.security = operation;
    return doc;
  };
  const changed = (before: Record<string, unknown>, after: Record<string, unknown>) =>
    diffOperations(before, after).changed.map((op) => op.operationId);
  const classified = (before: Record<string, unknown>, after: Record<string, unknown>) =>
    classifyChanges(before, after).map((c) => `${c.severity} ${c.rule} ${c.operationId} ${c.location}: ${c.message}`);

  it.each<[string, unknown[] | undefined]>([
    ['no document security', undefined],
    ['an empty document security', []],
  ])('with %s, `[]` ↔ none is no change either way', (_, document) => {
    for (const [from, to] of [
      [[], undefined],
      [undefined, []],
    ] as const) {
      const [before, after] = [withSecurity(from, document), withSecurity(to, document)];
      expect(changed(before, after)).toEqual([]);
      expect(classified(before, after)).toEqual([]);
      expect(formatOperationDiff(diffOperations(before, after))).toContain('Changed operations (0 operations');
    }
  });

  it('under a document requirement, inherited → `[]` is listed and classified as auth relaxed (safe)', () => {
    const [before, after] = [withSecurity(undefined, [KEY]), withSecurity([], [KEY])];
    expect(changed(before, after)).toEqual(['GetMarkets']);
    expect(classified(before, after)).toEqual([
      'safe security-relaxed GetMarkets security: now takes no authentication (was signed requests)',
    ]);
  });

  it('under a document requirement, `[]` → inherited is listed and classified as auth required (breaking)', () => {
    const [before, after] = [withSecurity([], [KEY]), withSecurity(undefined, [KEY])];
    expect(changed(before, after)).toEqual(['GetMarkets']);
    expect(classified(before, after)).toEqual([
      'breaking security-required GetMarkets security: now requires signed requests (was no authentication)',
    ]);
  });
});

// Attack round 22, A13: diffOperations(null, null) crashed inside ("reading 'paths'").
it.each([
  ['before is null', [null, {}], /^diffOperations: before: expected an OpenAPI document \(an object\), got null$/],
  ['after is missing', [{}], /^diffOperations: after: expected an OpenAPI document \(an object\), got undefined$/],
  ['before is the spec text', ['openapi: 3.0.0', {}], /^diffOperations: before: .*got a string$/],
])('diffOperations names the document it cannot read: %s', (_, args, message) => {
  const diff = () => (diffOperations as (...a: unknown[]) => unknown)(...args);
  expect(diff).toThrow(expect.objectContaining({ name: 'CodegenError', code: 'bad_arguments' }));
  expect(diff).toThrow(message);
});

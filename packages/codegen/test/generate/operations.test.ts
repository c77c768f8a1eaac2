import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  buildManifest,
  classifyServers,
  generate,
  type Manifest,
  type OperationInfo,
  retryPolicyProblems,
} from '../../src';
import { KALSHI_SPEC, tempDir } from '../helpers';

type Spec = { paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

// Counted from the spec itself, so the test follows the spec instead of a hard-coded list.
const spec = parse(readFileSync(KALSHI_SPEC, 'utf8')) as Spec;
const specOperations = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method]! })),
);

describe('generate on the locked Kalshi spec', () => {
  const out = tempDir();
  let types = '';
  let manifest: {
    operations: Record<string, OperationInfo>;
    servers: Manifest['servers'];
    specVersion: string;
    findOperation(method: string, path: string): OperationInfo | undefined;
  };

  beforeAll(async () => {
    const result = await generate({ spec: KALSHI_SPEC, out, withSchema: true });
    expect(result.operationCount).toBe(specOperations.length);
    types = readFileSync(join(out, 'openapi.ts'), 'utf8');
    manifest = await import(join(out, 'manifest.ts'));
  });

  it('finds every operation of the spec (117 in 3.31.0)', () => {
    expect(specOperations.length).toBeGreaterThanOrEqual(117);
    expect(Object.keys(manifest.operations)).toHaveLength(specOperations.length);
  });

  it('marks deprecated operations @deprecated under paths and in the operations interface', () => {
    const deprecated = specOperations.filter(({ op }) => (op as { deprecated?: boolean }).deprecated === true);
    expect(deprecated.length).toBeGreaterThan(0); // GetQuote, DeleteQuote, AcceptQuote, ConfirmQuote in 3.31.0
    const operationsInterface = types.slice(types.indexOf('export interface operations {'));
    for (const { op } of deprecated) {
      expect(operationsInterface).toContain(
        `@deprecated Kalshi's spec marks this operation deprecated. */\n    ${op.operationId}: {`,
      );
      expect(manifest.operations[op.operationId as string]?.deprecated).toBe(true);
    }
    // Only those: an operation the spec does not deprecate is not struck through.
    expect(operationsInterface.split("@deprecated Kalshi's spec marks this operation deprecated.")).toHaveLength(
      deprecated.length + 1,
    );
    expect(manifest.operations.GetMarkets?.deprecated).toBe(false);
    // openapi-typescript's own marks on the path items and on deprecated fields stay.
    expect(types.slice(0, types.indexOf('export interface operations {'))).toMatch(/@deprecated/);
  });

  it.each(specOperations)('emits $method $path in the types and the manifest', ({ path, method, op }) => {
    expect(types).toContain(`"${path}": {`);
    expect(types).toMatch(new RegExp(`\\n {4}${op.operationId}: \\{`));
    const info = manifest.findOperation(method, path);
    expect(info?.operationId).toBe(op.operationId);
    expect(info?.auth).toBe(op.security?.length ? 'required' : 'none');
  });

  // Read from the spec 3.31.0 by hand (operationId → its parameters with `in: query`, $refs followed, in its order).
  it.each([
    ['CancelAllOrders', ['subaccount']],
    ['CancelOrderV2', ['subaccount', 'exchange_index', 'market_ticker']],
    ['GetBalance', ['subaccount', 'exchange_index']],
    [
      'GetMarkets',
      [
        'limit',
        'cursor',
        'event_ticker',
        'series_ticker',
        'min_created_ts',
        'max_created_ts',
        'min_updated_ts',
        'max_updated_ts',
        'max_close_ts',
        'min_close_ts',
        'min_settled_ts',
        'max_settled_ts',
        'status',
        'tickers',
        'mve_filter',
      ],
    ],
    ['GetTrades', ['limit', 'cursor', 'ticker', 'min_ts', 'max_ts', 'is_block_trade']],
    // A path parameter is not a query parameter; a create takes its terms in the body.
    ['GetMarket', []],
    ['CreateOrderV2', []],
  ])('lists the query parameters of %s: %j', (operationId, names) => {
    expect(manifest.operations[operationId]?.query).toEqual(names);
  });

  // Read from the spec 3.31.0 by hand: the JSON request body's top-level properties, in its order.
  it.each([
    [
      'CreateOrderV2',
      [
        'ticker',
        'client_order_id',
        'side',
        'count',
        'price',
        'expiration_time',
        'time_in_force',
        'post_only',
        'self_trade_prevention_type',
        'cancel_order_on_pause',
        'reduce_only',
        'subaccount',
        'order_group_id',
        'exchange_index',
      ],
    ],
    ['DecreaseOrderV2', ['reduce_by', 'reduce_to', 'exchange_index', 'market_ticker']],
    ['BatchCreateOrdersV2', ['orders']],
    // No request body; a body schema listing no properties (the order group's reset takes `{}`).
    ['GetMarkets', undefined],
    ['ResetOrderGroup', undefined],
  ])('lists the body fields of %s: %j', (operationId, names) => {
    expect(manifest.operations[operationId]?.body).toEqual(names);
  });

  // Spec 3.31.0 by hand: a batch create's orders are CreateOrderV2Request objects; a batch cancel's items list theirs.
  it('lists the fields of the objects a batch body holds, and none for a body without such a list', () => {
    expect(manifest.operations.BatchCreateOrdersV2?.bodyItems).toEqual({
      orders: manifest.operations.CreateOrderV2?.body,
    });
    expect(manifest.operations.CreateOrderV2?.body).toContain('post_only');
    expect(manifest.operations.BatchCancelOrdersV2?.bodyItems).toEqual({
      orders: ['order_id', 'subaccount', 'exchange_index', 'market_ticker'],
    });
    expect(manifest.operations.CreateOrderV2?.bodyItems).toBeUndefined();
  });

  it('keeps each cell of a row that has body fields and a retry policy (CreateOrderV2) or a query too (AmendOrderV2)', () => {
    expect(manifest.operations.CreateOrderV2).toMatchObject({
      query: [],
      pagination: null,
      retry: { repeat: 'keyed', key: 'client_order_id', lostResponse: 'existing-order' },
    });
    expect(manifest.operations.AmendOrderV2).toMatchObject({
      query: ['subaccount'],
      body: expect.arrayContaining(['ticker', 'updated_client_order_id']),
      retry: { repeat: 'never', lostResponse: 'read-order' },
    });
  });

  it('lists every operation’s query parameters as the spec declares them (none where it has none)', () => {
    type Parameter = { $ref?: string; name?: string; in?: string };
    const doc = spec as Spec & { components: { parameters: Record<string, Parameter> } };
    const resolved = (p: Parameter) =>
      p.$ref ? doc.components.parameters[p.$ref.replace('#/components/parameters/', '')] : p;
    const withoutQuery: string[] = [];
    for (const { path, method, op } of specOperations) {
      const declared = ((op as { parameters?: Parameter[] }).parameters ?? []).map(resolved);
      const names = declared.flatMap((p) => (p?.in === 'query' ? [p.name] : []));
      if (!names.length) withoutQuery.push(op.operationId as string);
      expect(manifest.findOperation(method, path)?.query, op.operationId).toEqual(names);
    }
    // Both kinds are there: operations with a query and ones without (whose row may end before the query cell).
    expect(withoutQuery.length).toBeGreaterThan(10);
    expect(withoutQuery.length).toBeLessThan(specOperations.length - 10);
  });

  it('marks exactly the operations that take a cursor as paginated, with their items field', () => {
    const paginated = Object.values(manifest.operations).filter((o) => o.pagination);
    expect(paginated).toHaveLength(28);
    expect(manifest.operations.GetMarkets?.pagination).toEqual({ cursorField: 'cursor', itemsField: 'markets' });
    expect(manifest.operations.GetIncentivePrograms?.pagination?.cursorField).toBe('next_cursor');
    expect(manifest.operations.GetExchangeStatus?.pagination).toBeNull();
  });

  it('marks a page whose items field the response schema does not require (a page may leave it out)', () => {
    // Spec 3.31.0: GetStructuredTargetsResponse has no `required`; GetMarketsResponse requires `markets`.
    expect(manifest.operations.GetStructuredTargets?.pagination).toEqual({
      cursorField: 'cursor',
      itemsField: 'structured_targets',
      itemsOptional: true,
    });
    const optional = Object.values(manifest.operations).filter((o) => o.pagination?.itemsOptional);
    expect(optional.map((o) => o.operationId)).toEqual(['GetStructuredTargets']);
    expect(manifest.operations.GetMarkets?.pagination?.itemsOptional).toBeUndefined();
  });

  it('carries each operation’s retry policy: order writes from kalshi-api-notes §5, the rest by HTTP method', () => {
    const op = (method: string, path: string) => manifest.findOperation(method, path)?.retry;
    // §5.6: a repeated client_order_id is refused with 409 order_already_exists.
    const keyed = { repeat: 'keyed', key: 'client_order_id', lostResponse: 'existing-order' };
    expect(op('post', '/portfolio/events/orders')).toEqual(keyed);
    expect(op('post', '/portfolio/events/orders/batched')).toEqual(keyed);
    // §5.9/§5.10: an amend or decrease is not repeated blindly; a lost one is read back.
    expect(op('post', '/portfolio/events/orders/{order_id}/amend')).toEqual({
      repeat: 'never',
      lostResponse: 'read-order',
    });
    expect(op('post', '/portfolio/events/orders/{order_id}/decrease')).toEqual({
      repeat: 'never',
      lostResponse: 'read-order',
    });
    // §5.11: a repeated cancel is a 404, resolved by reading the order.
    expect(op('delete', '/portfolio/events/orders/{order_id}')).toEqual({
      repeat: 'always',
      lostResponse: 'read-order',
    });
    expect(op('delete', '/portfolio/events/orders/batched')).toEqual({ repeat: 'always', lostResponse: 'read-order' });
    expect(op('get', '/markets')).toEqual({ repeat: 'always', lostResponse: 'none' });
  });

  // A write repeated after a lost answer must not be refused or act again: its answer would contradict what happened.
  it.each([
    // The spec: a quote is accepted, then confirmed, once; a deleted thing is gone ("permanently removes", "cannot be
    // undone"): a repeat answers 400/404. A reset zeroes the group's counter again; a trigger's repeat is undocumented.
    ['AcceptRFQQuote', 'never'],
    ['ConfirmRFQQuote', 'never'],
    ['AcceptQuote', 'never'],
    ['ConfirmQuote', 'never'],
    ['DeleteRFQ', 'never'],
    ['DeleteRFQQuote', 'never'],
    ['DeleteQuote', 'never'],
    ['DeleteOrderGroup', 'never'],
    ['DeleteApiKey', 'never'],
    ['DeleteFCMEventContractDailyCap', 'never'],
    ['ResetOrderGroup', 'never'],
    ['TriggerOrderGroup', 'never'],
    // Creates, transfers, accepts and upgrades (POST): another thing made, money moved again, or refused.
    ['CreateOrderGroup', 'never'],
    ['CreateRFQ', 'never'],
    ['CreateQuote', 'never'],
    ['ApplySubaccountTransfer', 'never'],
    ['IntraExchangeInstanceTransfer', 'never'],
    ['AcceptBlockTradeProposal', 'never'],
    ['CreateFCMSubtrader', 'never'],
    ['GenerateApiKey', 'never'],
    // Writes that set a value ("Updates the … limit", "Sets the … cap", "Replaces the … allocation"), and cancel-all
    // (204 whatever it finds): a second call sets the same value, gets the same answer.
    ['UpdateOrderGroupLimit', 'always'],
    ['UpdateSubaccountNetting', 'always'],
    ['UpdateFCMEventContractDailyCap', 'always'],
    ['UpdateFCMSubtraderBlockedCategories', 'always'],
    ['SetTargetBalanceAllocation', 'always'],
    ['CancelAllOrders', 'always'],
  ])('%s is repeated after a lost answer: %s', (operationId, repeat) => {
    // Strict: a policy without a key has no `key` property at all (not one set to undefined).
    expect(manifest.operations[operationId]?.retry).toStrictEqual({ repeat, lostResponse: 'none' });
  });

  it('repeats no write the policy table does not name (a new write is not repeated until it is judged)', () => {
    const named = new Set([
      'CreateOrderV2',
      'BatchCreateOrdersV2',
      'CancelOrderV2',
      'BatchCancelOrdersV2',
      'CancelAllOrders',
      'UpdateOrderGroupLimit',
      'UpdateSubaccountNetting',
      'UpdateFCMEventContractDailyCap',
      'UpdateFCMSubtraderBlockedCategories',
      'SetTargetBalanceAllocation',
    ]);
    for (const op of Object.values(manifest.operations)) {
      if (op.method === 'get') expect(op.retry, op.operationId).toEqual({ repeat: 'always', lostResponse: 'none' });
      else if (!named.has(op.operationId)) expect(op.retry.repeat, op.operationId).toBe('never');
    }
  });

  it('marks the operations whose every 2xx answer is a JSON object; the spec’s answers without content are not', () => {
    const withoutContent = Object.values(manifest.operations)
      .filter((o) => !o.objectBody)
      .map((o) => o.operationId);
    // The 204s, UpgradeAccountApiUsageLevel's 201 and UpdateSubaccountNetting's 200 declare no content.
    expect(withoutContent.sort()).toEqual(
      [
        'AcceptBlockTradeProposal',
        'AcceptQuote',
        'AcceptRFQQuote',
        'CancelAllOrders',
        'ConfirmQuote',
        'ConfirmRFQQuote',
        'DeleteApiKey',
        'DeleteQuote',
        'DeleteRFQ',
        'DeleteRFQQuote',
        'UpdateSubaccountNetting',
        'UpgradeAccountApiUsageLevel',
      ].sort(),
    );
    expect(manifest.operations.GetBalance?.objectBody).toBe(true);
  });

  // kalshi-api-notes §5.14: a body-less PUT reset/trigger is refused (400 invalid_content_type); the client sends `{}`
  // where the spec's JSON body is optional, so the manifest names those operations.
  it('marks the operations whose JSON request body is optional', () => {
    const optional = Object.values(manifest.operations)
      .filter((o) => o.optionalBody)
      .map((o) => o.operationId);
    expect(optional.sort()).toEqual(
      [
        'AcceptBlockTradeProposal',
        'ConfirmQuote',
        'ConfirmRFQQuote',
        'CreateSubaccount',
        'ResetOrderGroup',
        'TriggerOrderGroup',
      ].sort(),
    );
  });

  it('names the paged array of each paginated GET in a type, the first array where a page has two', () => {
    const module = readFileSync(join(out, 'manifest.ts'), 'utf8');
    const fields = module.slice(module.indexOf('export interface PageItemsFields {'));
    expect(fields).toContain("'/portfolio/positions': 'market_positions';");
    expect(fields).toContain("'/fcm/positions': 'market_positions';");
    expect(fields).toContain("'/events': 'events';");
    expect(manifest.operations.GetPositions?.pagination?.itemsField).toBe('market_positions');
  });

  it('splits servers into production and demo, recommended host first', () => {
    expect(manifest.servers.production[0]).toBe('https://external-api.kalshi.com/trade-api/v2');
    expect(manifest.servers.demo[0]).toBe('https://external-api.demo.kalshi.co/trade-api/v2');
    expect(manifest.specVersion).toBe('3.31.0');
  });

  it('types fixed-point schemas as template literals, not bare strings', () => {
    expect(types).toContain('FixedPointDollars: FixedPointDollars;');
    expect(types).toContain('FixedPointCount: FixedPointCount;');
    expect(readFileSync(join(out, 'fixed-point.ts'), 'utf8')).toMatch(
      /export type FixedPointDollars = `\$\{number\}`;/,
    );
  });

  it('writes the spec as JSON when asked', () => {
    const json = JSON.parse(readFileSync(join(out, 'openapi.json'), 'utf8'));
    expect(Object.keys(json.paths)).toEqual(Object.keys(spec.paths));
    // The spec as it is: the error content filled in for the types (error-content.ts) is not written into it.
    expect(json).toEqual(spec);
  });
});

describe('pagination and object answers of composed responses', () => {
  const paged = (schema: unknown) => ({
    openapi: '3.0.0',
    info: { title: 'paged', version: '1' },
    paths: {
      '/widgets': {
        get: {
          operationId: 'GetWidgets',
          parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } },
        },
      },
    },
    components: {
      schemas: {
        Page: { type: 'object', properties: { cursor: { type: 'string' } } },
        Widgets: { type: 'array', items: { type: 'string' } },
      },
    },
  });

  it('finds the items field and the object answer through allOf parts and $refs', () => {
    const [op] = buildManifest(
      paged({
        allOf: [
          { $ref: '#/components/schemas/Page' },
          { type: 'object', required: ['widgets'], properties: { widgets: { $ref: '#/components/schemas/Widgets' } } },
        ],
      }),
    ).operations;
    // `required` in an allOf part counts: the items field is not optional.
    expect(op?.pagination).toEqual({ cursorField: 'cursor', itemsField: 'widgets' });
    expect(op?.objectBody).toBe(true);
  });

  it('refuses a cursor operation whose response has no array field, naming it', () => {
    expect(() => buildManifest(paged({ $ref: '#/components/schemas/Page' }), 'paged.yaml')).toThrow(
      /^paged\.yaml: GET \/widgets \(GetWidgets\) takes a "cursor" query parameter but its success response has no array field/,
    );
  });
});

describe('retryPolicyProblems: the hand-written retry table against the spec', () => {
  it('finds nothing on the locked spec', () => {
    expect(retryPolicyProblems(spec as unknown as Record<string, unknown>)).toEqual([]);
  });

  const doc = () => ({
    openapi: '3.0.0',
    info: { title: 'retry', version: '1' },
    paths: {
      '/v3/orders': {
        post: {
          operationId: 'CreateOrderV2',
          requestBody: {
            content: {
              'application/json': {
                schema: { allOf: [{ type: 'object', properties: { ticker: { type: 'string' } } }] },
              },
            },
          },
          responses: {},
        },
      },
      '/orders/batched': {
        post: {
          operationId: 'BatchCreate',
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    orders: { type: 'array', items: { properties: { client_order_id: { type: 'string' } } } },
                  },
                },
              },
            },
          },
          responses: {},
        },
      },
      '/widgets': { put: { operationId: 'PutWidget', responses: {} } },
    },
  });
  const keyed = { repeat: 'keyed', key: 'client_order_id', lostResponse: 'existing-order' } as const;

  it('names a stale entry, a key field the body lacks and a write without an entry', () => {
    expect(retryPolicyProblems(doc(), { CreateOrderV2: keyed, BatchCreate: keyed, CancelOrder: keyed }).sort()).toEqual(
      [
        'RETRY_POLICIES.CancelOrder: no operation with this operationId in the spec',
        'RETRY_POLICIES.CreateOrderV2: key field "client_order_id" is not in the request body of POST /v3/orders',
        'PUT /widgets (PutWidget): a write without an entry in RETRY_POLICIES (defaults to never)',
      ].sort(),
    );
  });

  it('keys the table by operationId, so a moved operation keeps its policy', () => {
    const moved = buildManifest(doc()).operations.find((op) => op.path === '/v3/orders');
    expect(moved?.retry).toEqual(keyed);
  });
});

// OpenAPI 3.0 "Security Requirement Object" and "Operation Object": an operation without `security` takes the
// document's; `security: []` on an operation removes it; `{}` among the alternatives makes auth optional.
describe('auth, answers, pagination and servers read from small specs', () => {
  const ok = (schema?: unknown) => ({
    description: 'ok',
    ...(schema === undefined ? {} : { content: { 'application/json': { schema } } }),
  });
  const get = (operationId: string, extra: Record<string, unknown> = {}) => ({
    get: { operationId, responses: { '200': ok({ type: 'object' }) }, ...extra },
  });
  const manifestOf = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    Object.fromEntries(
      buildManifest({
        openapi: '3.0.0',
        info: { title: 'small', version: '1' },
        paths,
        components: {
          securitySchemes: {
            key: { type: 'apiKey', in: 'header', name: 'K' },
            token: { type: 'http', scheme: 'bearer' },
          },
        },
        ...extra,
      }).operations.map((op) => [op.operationId, op]),
    );
  const cursor = { name: 'cursor', in: 'query', schema: { type: 'string' } };

  it('takes the document’s security for an operation without its own, and none where the operation says []', () => {
    const ops = manifestOf(
      { '/a': get('Inherits'), '/b': get('Public', { security: [] }), '/c': get('Own', { security: [{ key: [] }] }) },
      { security: [{ token: [] }] },
    );
    expect(ops.Inherits).toMatchObject({ auth: 'required', bearer: true });
    expect(ops.Public).toMatchObject({ auth: 'none', bearer: false });
    expect(ops.Own).toMatchObject({ auth: 'required', bearer: false });
  });

  it('makes auth optional where {} is one alternative, and an empty requirement is no bearer token', () => {
    const ops = manifestOf({
      '/a': get('Optional', { security: [{}, { key: [] }] }),
      '/b': get('Anyone', { security: [{}] }),
    });
    expect(ops.Optional).toMatchObject({ auth: 'optional', bearer: false });
    expect(ops.Anyone).toMatchObject({ auth: 'optional', bearer: false });
  });

  it('has no object answer where the spec declares no 2xx response, and one where the schema only has properties', () => {
    const ops = manifestOf({
      '/a': { get: { operationId: 'NoSuccess', responses: { '404': ok({ type: 'object' }) } } },
      '/b': { get: { operationId: 'Untyped', responses: { '200': ok({ properties: { id: { type: 'string' } } }) } } },
    });
    expect(ops.NoSuccess?.objectBody).toBe(false);
    expect(ops.Untyped?.objectBody).toBe(true);
  });

  it('takes a JSON request body as optional unless the spec says `required: true` (OpenAPI’s default is false)', () => {
    const body = (extra: Record<string, unknown>) => ({
      content: { 'application/json': { schema: { type: 'object' } } },
      ...extra,
    });
    const post = (operationId: string, requestBody: unknown) => ({
      post: { operationId, requestBody, responses: { '200': ok({ type: 'object' }) } },
    });
    const ops = manifestOf({
      '/a': post('Unsaid', body({})),
      '/b': post('Required', body({ required: true })),
      '/c': post('NotJson', { content: { 'text/plain': { schema: { type: 'string' } } } }),
    });
    expect(ops.Unsaid?.optionalBody).toBe(true);
    expect(ops.Required?.optionalBody).toBe(false);
    expect(ops.NotJson?.optionalBody).toBe(false);
  });

  it('pages only by a cursor query parameter, through a 201 answer, and names the cursor field "cursor" by default', () => {
    const page = { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } } };
    const build = () =>
      manifestOf({
        '/a/{cursor}': {
          get: {
            operationId: 'PathCursor',
            parameters: [{ name: 'cursor', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '200': ok(page) },
          },
        },
        '/b': {
          get: {
            operationId: 'Created',
            parameters: [cursor],
            responses: { '201': ok({ ...page, required: ['items'] }) },
          },
        },
      });
    // Read through the 201 answer, the page has an array to walk: the spec is not refused.
    expect(build).not.toThrow();
    const ops = build();
    expect(ops.PathCursor?.pagination).toBeNull();
    // The response names no cursor field: the query parameter's name (kalshi-api-notes §6.2: pass back as ?cursor=).
    expect(ops.Created?.pagination).toEqual({ cursorField: 'cursor', itemsField: 'items' });
  });

  it('lists the query parameters: path-level ones too, an operation’s own winning, none of another place', () => {
    const q = (name: string) => ({ name, in: 'query', schema: { type: 'string' } });
    const ops = manifestOf(
      {
        '/w/{id}': {
          parameters: [q('shared'), q('overridden'), { name: 'id', in: 'path', required: true }],
          get: {
            operationId: 'Both',
            parameters: [
              { $ref: '#/components/parameters/Limit' },
              { ...q('overridden'), description: 'the operation’s own' },
              { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
              { name: 'session', in: 'cookie', schema: { type: 'string' } },
            ],
            responses: { '200': ok({ type: 'object' }) },
          },
          delete: { operationId: 'SharedOnly', responses: { '204': ok() } },
        },
        '/none': get('NoQuery'),
      },
      { components: { parameters: { Limit: q('limit') } } },
    );
    expect(ops.Both?.query).toEqual(['shared', 'overridden', 'limit']);
    expect(ops.SharedOnly?.query).toEqual(['shared', 'overridden']);
    expect(ops.NoQuery?.query).toEqual([]);
  });

  it('lists the body fields of a closed object body only: allOf merged; none for an open or a one-of body', () => {
    const post = (operationId: string, schema: unknown) => ({
      post: {
        operationId,
        requestBody: { content: { 'application/json': { schema } } },
        responses: { '201': ok({ type: 'object' }) },
      },
    });
    const ops = manifestOf(
      {
        '/a': post('Merged', { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { extra: {} } }] }),
        '/b': post('Open', { type: 'object', properties: { a: {} }, additionalProperties: true }),
        '/c': post('OneOf', { oneOf: [{ properties: { a: {} } }, { properties: { b: {} } }] }),
        '/d': post('Closed', { type: 'object', properties: { a: {} }, additionalProperties: false }),
      },
      { components: { schemas: { Base: { type: 'object', properties: { ticker: {}, count: {} } } } } },
    );
    expect(ops.Merged?.body).toEqual(['ticker', 'count', 'extra']);
    expect(ops.Merged?.bodyItems).toBeUndefined();
    expect(ops.Open?.body).toBeUndefined();
    expect(ops.OneOf?.body).toBeUndefined();
    expect(ops.Closed?.body).toEqual(['a']);
  });

  it('keeps the spec’s version, tags and deprecation, and says "unknown" for a spec without a version', () => {
    const ops = manifestOf({ '/a': get('Tagged', { tags: ['market', 'orders'], deprecated: true }) });
    expect(ops.Tagged).toMatchObject({ tags: ['market', 'orders'], deprecated: true });
    expect(buildManifest({ openapi: '3.0.0', paths: {} }).specVersion).toBe('unknown');
  });

  it('sorts servers into demo by URL or by description, skipping entries without a URL', () => {
    expect(
      classifyServers({
        servers: [
          { url: 'https://api.test/v2', description: 'Production' },
          { url: 'https://sandbox.test/v2', description: 'Demo server' },
          { url: 'https://demo-api.test/v2' },
          { description: 'no url' },
        ],
      }),
    ).toEqual({ production: ['https://api.test/v2'], demo: ['https://sandbox.test/v2', 'https://demo-api.test/v2'] });
  });

  it('repeats an operation the retry table does not name only when it is a GET', () => {
    const write = (operationId: string) => ({ operationId, responses: { '200': ok() } });
    const ops = manifestOf({
      '/w': {
        get: write('ReadWidget'),
        put: write('PutWidget'),
        post: write('PostWidget'),
        delete: write('DropWidget'),
      },
      '/w/{id}': { patch: write('PatchWidget') },
    });
    const never = { repeat: 'never', lostResponse: 'none' };
    expect(ops.ReadWidget?.retry).toStrictEqual({ repeat: 'always', lostResponse: 'none' });
    for (const id of ['PutWidget', 'PostWidget', 'DropWidget', 'PatchWidget'])
      expect(ops[id]?.retry, id).toStrictEqual(never);
  });
});

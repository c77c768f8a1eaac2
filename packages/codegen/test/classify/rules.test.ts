import { describe, expect, it } from 'vitest';
import { CodegenError, classifyChanges, type SpecChange, severityOf } from '../../src';

// One small spec pair per rule: `spec(mutate)` builds a document; the base has one order write and one read.
function spec(mutate: (doc: Doc) => void = () => {}): Doc {
  const doc: Doc = {
    openapi: '3.0.0',
    info: { title: 'rules', version: '1' },
    paths: {
      '/orders': {
        post: {
          operationId: 'CreateOrder',
          parameters: [{ name: 'subaccount', in: 'query', schema: { type: 'integer' } }],
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateOrderRequest' } } },
          },
          responses: {
            '201': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        CreateOrderRequest: {
          type: 'object',
          required: ['ticker', 'side'],
          properties: {
            ticker: { type: 'string' },
            side: { type: 'string', enum: ['bid', 'ask'] },
            count: { type: 'string' },
            post_only: { type: 'boolean' },
          },
        },
        Order: {
          type: 'object',
          required: ['order_id', 'status'],
          properties: {
            order_id: { type: 'string' },
            status: { type: 'string', enum: ['resting', 'canceled'] },
            note: { type: 'string' },
          },
        },
      },
    },
  };
  mutate(doc);
  return doc;
}
// biome-ignore lint/suspicious/noExplicitAny: test documents are mutated freely
type Doc = Record<string, any>;
const request = (d: Doc) => d.components.schemas.CreateOrderRequest;
const order = (d: Doc) => d.components.schemas.Order;
const only = (changes: SpecChange[]) => changes.map((c) => `${SEVERITY[c.severity]} ${c.location}: ${c.message}`);
const SEVERITY = { breaking: 'BREAKING', 'potentially-breaking': 'MAYBE', safe: 'ok' } as const;

describe('classifyChanges', () => {
  it('finds nothing between identical specs', () => {
    expect(classifyChanges(spec(), spec())).toEqual([]);
  });

  it.each<[string, (d: Doc) => void, string[]]>([
    ['removed operation', (d) => delete d.paths['/orders'], ['BREAKING : operation removed']],
    [
      'added operation',
      (d) => (d.paths['/markets'] = { get: { operationId: 'GetMarkets', responses: {} } }),
      ['ok : operation added'],
    ],
    [
      'removed request field',
      (d) => delete request(d).properties.count,
      ['BREAKING request body .count: field removed'],
    ],
    [
      'renamed request field',
      (d) => {
        request(d).properties.quantity = request(d).properties.count;
        delete request(d).properties.count;
      },
      ['BREAKING request body .count: field removed', 'ok request body .quantity: field added'],
    ],
    [
      'request field made required',
      (d) => request(d).required.push('count'),
      ['BREAKING request body .count: field made required'],
    ],
    [
      'new required request field',
      (d) => {
        request(d).properties.price = { type: 'string' };
        request(d).required.push('price');
      },
      ['BREAKING request body .price: field added as required'],
    ],
    [
      'new optional request field',
      (d) => (request(d).properties.reduce_only = { type: 'boolean' }),
      ['ok request body .reduce_only: field added'],
    ],
    [
      'request type changed',
      (d) => (request(d).properties.count = { type: 'integer' }),
      ['BREAKING request body .count: type changed from string to integer'],
    ],
    [
      'request enum narrowed',
      (d) => (request(d).properties.side.enum = ['bid']),
      ['BREAKING request body .side: enum values removed: "ask"'],
    ],
    [
      'request enum widened',
      (d) => request(d).properties.side.enum.push('cross'),
      ['ok request body .side: enum values added: "cross"'],
    ],
    ['response field removed', (d) => delete order(d).properties.note, ['BREAKING response 201 .note: field removed']],
    [
      'response field made optional',
      (d) => (order(d).required = ['order_id']),
      ['BREAKING response 201 .status: field made optional'],
    ],
    [
      'response field added',
      (d) => (order(d).properties.ts_ms = { type: 'integer' }),
      ['ok response 201 .ts_ms: field added'],
    ],
    [
      'response enum widened',
      (d) => order(d).properties.status.enum.push('executed'),
      ['MAYBE response 201 .status: enum values added: "executed"'],
    ],
    [
      // A-D11: the value leaves the generated union, so `case 'canceled':` / `=== 'canceled'` in a user's typed code
      // stops compiling (TS2678 / TS2367) though the data never holds it again.
      'response enum narrowed',
      (d) => (order(d).properties.status.enum = ['resting']),
      [
        'BREAKING response 201 .status: enum values removed: "canceled" (typed code comparing with them no longer compiles)',
      ],
    ],
    [
      'parameter removed',
      (d) => (d.paths['/orders'].post.parameters = []),
      ['BREAKING query parameter "subaccount": removed'],
    ],
    [
      'parameter made required',
      (d) => (d.paths['/orders'].post.parameters[0].required = true),
      ['BREAKING query parameter "subaccount": made required'],
    ],
    [
      'optional parameter added',
      (d) => d.paths['/orders'].post.parameters.push({ name: 'dry_run', in: 'query', schema: { type: 'boolean' } }),
      ['ok query parameter "dry_run": added (optional)'],
    ],
    [
      // Mutation gap (round 17): change-rules.ts `parameter-style-changed` (the query string is serialized another way).
      'parameter style changed',
      (d) => (d.paths['/orders'].post.parameters[0].style = 'spaceDelimited'),
      ['MAYBE query parameter "subaccount": style changed from default to spaceDelimited'],
    ],
    [
      // Mutation gap (round 17): change-rules.ts `parameter-deprecated` (safe, but listed).
      'parameter deprecated',
      (d) => (d.paths['/orders'].post.parameters[0].deprecated = true),
      ['ok query parameter "subaccount": deprecated'],
    ],
  ])('%s', (_rule, mutate, expected) => {
    expect(only(classifyChanges(spec(), spec(mutate)))).toEqual(expected);
  });

  it('names the operation in each change', () => {
    const [change] = classifyChanges(
      spec(),
      spec((d) => delete request(d).properties.count),
    );
    expect(change).toMatchObject({ operation: 'POST /orders', operationId: 'CreateOrder', breaking: true });
  });

  it('stops on recursive schemas', () => {
    const recursive = (d: Doc) =>
      (order(d).properties.children = { type: 'array', items: { $ref: '#/components/schemas/Order' } });
    expect(only(classifyChanges(spec(recursive), spec(recursive)))).toEqual([]);
  });
});

// A-D4. change-rules.ts: inside a request a change "breaks when it narrows what is accepted"; a request body that
// becomes `oneOf [old, new]` still accepts every old body, so only the new variant is reported (safe in a request).
describe('a schema widened to oneOf [old, new]', () => {
  const widen = (d: Doc) => {
    d.components.schemas.CreateOrderV3Request = { type: 'object', properties: { market: { type: 'string' } } };
    d.paths['/orders'].post.requestBody.content['application/json'].schema = {
      oneOf: [
        { $ref: '#/components/schemas/CreateOrderRequest' },
        { $ref: '#/components/schemas/CreateOrderV3Request' },
      ],
    };
  };
  it('in a request: only the variant added, safe', () => {
    expect(only(classifyChanges(spec(), spec(widen)))).toEqual([
      'ok request body (oneOf CreateOrderV3Request): variant added',
    ]);
  });
  it('compares the old schema with its variant', () => {
    const after = spec((d) => {
      widen(d);
      delete request(d).properties.count;
    });
    expect(only(classifyChanges(spec(), after))).toEqual([
      'BREAKING request body (oneOf CreateOrderRequest) .count: field removed',
      'ok request body (oneOf CreateOrderV3Request): variant added',
    ]);
  });
});

// A-D3. schema-diff.ts: "Kalshi replaces fields with suffixed twins (`yes_bid` → `yes_bid_dollars`, `count` →
// `count_fp`)"; the cents → dollars migration renames `x_cents` to `x_dollars`. A hint names a replacement only on
// that evidence or when the removed field's description names it; any other field sharing a prefix is no evidence.
describe('"use … instead" hints', () => {
  const replace =
    (from: string, to: string, extra: Record<string, unknown> = {}) =>
    (d: Doc) => {
      order(d).properties[from] = { type: 'string', ...extra };
      if (to) order(d).properties[to] = { type: 'string' };
    };
  const removed = (before: (d: Doc) => void, after: (d: Doc) => void) =>
    only(classifyChanges(spec(before), spec(after))).filter((l) => l.includes('removed'));
  it.each([
    ['yes_bid', 'yes_bid_dollars', 'field removed: use `.yes_bid_dollars`'],
    ['count', 'count_fp', 'field removed: use `.count_fp`'],
    ['amount_cents', 'amount_dollars', 'field removed: use `.amount_dollars`'],
    ['buyer_accepted', 'buyer_accepted_ts', 'field removed'],
    ['market', 'market_ticker', 'field removed'],
  ])('%s → %s', (from, to, message) => {
    expect(removed(replace(from, to), replace(to, ''))).toEqual([`BREAKING response 201 .${from}: ${message}`]);
  });
  it('names the field its deprecation text names', () => {
    expect(
      removed(
        replace('source', 'origin', { deprecated: true, description: 'Deprecated: use `origin`.' }),
        replace('origin', ''),
      ),
    ).toEqual(['BREAKING response 201 .source: field removed: use `.origin`']);
  });
  it('names a higher-versioned successor operation', () => {
    const before = spec((d) => (d.paths['/orders'].post.operationId = 'CreateOrderV2'));
    const after = spec((d) => {
      d.paths['/v3/orders'] = d.paths['/orders'];
      delete d.paths['/orders'];
      d.paths['/v3/orders'].post.operationId = 'CreateOrderV3';
    });
    expect(only(classifyChanges(before, after))).toEqual([
      'BREAKING : operation removed: use `POST /v3/orders` (CreateOrderV3)',
      'ok : operation added',
    ]);
  });
});

// A-D2. README (spec:update): potentially breaking includes "anything no rule covers"; classify-changes.ts: "an
// operation never changes without a line in the report". A change no rule covers is reported even when another
// change of the same operation is.
describe('changes no rule covers', () => {
  it('are reported next to a recognized change of the same operation', () => {
    const after = spec((d) => {
      request(d).properties.post_only.default = true;
      request(d).properties.memo = { type: 'string' };
      order(d).properties.note.readOnly = true;
    });
    // A-D10 (round 14): named by the keyword's pointer in the spec; the place in the operation is in the message.
    expect(only(classifyChanges(spec(), after))).toEqual([
      'MAYBE /components/schemas/CreateOrderRequest/properties/post_only/default: request body .post_only: default changed from none to true (no rule for it: check it by hand)',
      'ok request body .memo: field added',
      'MAYBE /components/schemas/Order/properties/note/readOnly: response 201 .note: readOnly changed from none to true (no rule for it: check it by hand)',
    ]);
  });

  it('ignore prose (description, title, example)', () => {
    const after = spec((d) => {
      request(d).properties.post_only.description = 'Rest only.';
      request(d).properties.post_only.example = true;
    });
    expect(only(classifyChanges(spec(), after))).toEqual([]);
  });
});

describe('operationIds with regular-expression characters', () => {
  it('classifies a removed operation and names its versioned successor without reading the id as a pattern', () => {
    const before = spec((d) => (d.paths['/orders'].post.operationId = 'CreateOrder(beta'));
    const after = spec((d) => {
      d.paths['/v2/orders'] = d.paths['/orders'];
      delete d.paths['/orders'];
      d.paths['/v2/orders'].post.operationId = 'CreateOrder(betaV2';
    });
    expect(only(classifyChanges(before, after))).toEqual([
      'BREAKING : operation removed: use `POST /v2/orders` (CreateOrder(betaV2)',
      'ok : operation added',
    ]);
  });
});

// A-D7 (round 14). Kalshi writes `{ $ref: FixedPointDollars, nullable: true }` (28 places in 3.31.0): the keyword
// beside the $ref is the field's nullability, classified like any other (change-rules.ts: nullable-added breaks a
// response, nullable-removed breaks a request).
describe('keywords beside a $ref', () => {
  const dollars = (d: Doc) => {
    d.components.schemas.Dollars = { type: 'string' };
    order(d).properties.fee = { $ref: '#/components/schemas/Dollars' };
    request(d).properties.limit = { $ref: '#/components/schemas/Dollars', nullable: true };
  };
  it('nullable added beside a response field’s $ref is breaking', () => {
    const after = spec((d) => {
      dollars(d);
      order(d).properties.fee.nullable = true;
    });
    expect(only(classifyChanges(spec(dollars), after))).toEqual(['BREAKING response 201 .fee: may now be null']);
  });
  it('nullable removed beside a request field’s $ref is breaking', () => {
    const after = spec((d) => {
      dollars(d);
      delete request(d).properties.limit.nullable;
    });
    expect(only(classifyChanges(spec(dollars), after))).toEqual([
      'BREAKING request body .limit: no longer accepts null',
    ]);
  });
  it('a description beside a $ref is prose', () => {
    const after = spec((d) => {
      dollars(d);
      order(d).properties.fee.description = 'The fee in dollars.';
    });
    expect(classifyChanges(spec(dollars), after)).toEqual([]);
  });
});

// A-D8 (round 14). Enum values are JSON values: `[1, 2]` generates `1 | 2`, `["1", "2"]` generates `"1" | "2"`; a
// request sending 1 no longer type-checks (and is refused), whatever else changed in the operation.
describe('enum values of another type', () => {
  it('are values removed and added, breaking in a request, next to other changes', () => {
    const before = spec((d) => (request(d).properties.mode = { enum: [1, 2] }));
    const after = spec((d) => {
      request(d).properties.mode = { enum: ['1', '2'] };
      request(d).properties.memo = { type: 'string' };
    });
    expect(only(classifyChanges(before, after))).toEqual([
      'BREAKING request body .mode: enum values removed: 1, 2',
      'ok request body .mode: enum values added: "1", "2"',
      'ok request body .memo: field added',
    ]);
  });
});

// A-D9 (round 14). A request body made optional still takes every call that sent one (safe). A success status is a
// change of its own whether or not it has a body: a 204 removed (here replaced by a 200 with a body) is named.
describe('request bodies and success statuses', () => {
  const required = (d: Doc) => (d.paths['/orders'].post.requestBody.required = true);
  it('a request body made optional is safe', () => {
    expect(only(classifyChanges(spec(required), spec()))).toEqual(['ok request body: request body made optional']);
  });
  // Mutation gaps (round 17): README (spec:update) "requests narrowed: fields or parameters removed, made required";
  // a body that must now be sent narrows every call that sent none.
  it('a request body made required is breaking', () => {
    expect(only(classifyChanges(spec(), spec(required)))).toEqual([
      'BREAKING request body: request body made required',
    ]);
  });
  it('a required request body added to an operation that took none is breaking', () => {
    const noBody = (d: Doc) => delete d.paths['/orders'].post.requestBody;
    expect(only(classifyChanges(spec(noBody), spec(required)))).toEqual(['BREAKING request body: added']);
  });
  it('a 204 replaced by a 200 with a body: the 204 removed is breaking, the 200 added potentially breaking', () => {
    const noContent = (d: Doc) => (d.paths['/orders'].post.responses = { '204': { description: 'gone' } });
    const withBody = (d: Doc) =>
      (d.paths['/orders'].post.responses = {
        '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
      });
    expect(only(classifyChanges(spec(noContent), spec(withBody)))).toEqual([
      'BREAKING response 204: success response removed',
      'MAYBE response 200: success response added',
    ]);
  });
});

// Attack round 27: an error status the spec stops documenting had no rule (listed as unrecognized-change). The
// generated types drop it from the operation's responses: code matching on it still compiles, but the branch is dead or
// the status now arrives untyped, so it is potentially breaking (change-rules.ts); the notes are silent on this.
describe('error statuses', () => {
  const lines = (before: Doc, after: Doc) =>
    classifyChanges(before, after).map((c) => `${c.severity} ${c.rule} ${c.location}: ${c.message}`);
  const withStatus = (status: string) => (d: Doc) =>
    (d.paths['/orders'].post.responses[status] = {
      description: 'error',
      content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string' } } } } },
    });
  it.each(['404', '5XX', 'default'])(
    'a %s removed is error-status-removed, potentially breaking, listed once',
    (status) => {
      expect(lines(spec(withStatus(status)), spec())).toEqual([
        `potentially-breaking error-status-removed response ${status}: error response removed (code matching on this status still compiles but may never run)`,
      ]);
    },
  );
  it('a 404 removed next to another change of the operation: both listed', () => {
    const after = spec((d) => (order(d).properties.extra = { type: 'string' }));
    expect(lines(spec(withStatus('404')), after)).toEqual([
      'safe property-added response 201 .extra: field added',
      'potentially-breaking error-status-removed response 404: error response removed (code matching on this status still compiles but may never run)',
    ]);
  });
  it('severityOf gives it potentially-breaking on either side', () => {
    expect([severityOf('error-status-removed', 'request'), severityOf('error-status-removed', 'response')]).toEqual([
      'potentially-breaking',
      'potentially-breaking',
    ]);
  });

  // Round 28: an error status added had no rule (listed as unrecognized-change at its pointer). The server may now
  // answer it (a 409 `order_already_exists`, a 429 `{"error":"too many requests"}`: notes §4), so the caller's error
  // handling may need a branch for it, but the call's success types are the same: potentially breaking, not breaking
  // (change-rules.ts). The notes are silent on how a spec change should be classified.
  it.each(['409', '429', '5XX', 'default'])(
    'a %s added is error-status-added, potentially breaking, listed once',
    (status) => {
      expect(lines(spec(), spec(withStatus(status)))).toEqual([
        `potentially-breaking error-status-added response ${status}: error response added (the server may now answer it: check the error handling for this status)`,
      ]);
    },
  );
  it('a 409 added next to another change of the operation: both listed, nothing at the 409 pointer', () => {
    const after = spec((d) => {
      withStatus('409')(d);
      order(d).properties.extra = { type: 'string' };
    });
    expect(lines(spec(), after)).toEqual([
      'safe property-added response 201 .extra: field added',
      'potentially-breaking error-status-added response 409: error response added (the server may now answer it: check the error handling for this status)',
    ]);
  });
  it('a status neither success nor error (a 302) added still has no rule: listed at its pointer', () => {
    expect(lines(spec(), spec(withStatus('302'))).map((line) => line.split(':')[0])).toEqual([
      'potentially-breaking unrecognized-change /paths/~1orders/post/responses/302',
    ]);
  });
  it('severityOf gives error-status-added potentially-breaking on either side', () => {
    expect([severityOf('error-status-added', 'request'), severityOf('error-status-added', 'response')]).toEqual([
      'potentially-breaking',
      'potentially-breaking',
    ]);
  });
});

// A-D3 (round 14). OpenAPI 3.0 §4.7.9: a path item's `servers` override the document's for every operation of the
// path; the client still sends them to the document's server, so a server removed is potentially breaking, as at the
// document level (change-rules.ts).
describe('servers overriding the document’s', () => {
  const base = (d: Doc) => (d.servers = [{ url: 'https://api.test/v2' }]);
  it('on the path item are compared for each of its operations', () => {
    const after = spec((d) => {
      base(d);
      d.paths['/orders'].servers = [{ url: 'https://other.test/v2' }];
    });
    expect(only(classifyChanges(spec(base), after))).toEqual([
      'MAYBE servers: server https://api.test/v2 removed: use https://other.test/v2',
      'ok servers: server https://other.test/v2 added',
    ]);
    expect(classifyChanges(spec(base), after)[0]).toMatchObject({ operation: 'POST /orders' });
  });
});

describe('the default server of an environment', () => {
  // Mutation gap (round 17). compare-servers.ts: "the first server of each environment is the client's default base
  // URL" (README: "the default server of an environment" is potentially breaking); Kalshi lists two demo hosts.
  it('the default demo server changed (demo hosts reordered) is potentially breaking', () => {
    const demo = ['https://external-api.demo.kalshi.co/trade-api/v2', 'https://demo-api.kalshi.co/trade-api/v2'];
    const servers = (urls: string[]) => (d: Doc) =>
      (d.servers = ['https://external-api.kalshi.com/trade-api/v2', ...urls].map((url) => ({ url })));
    expect(only(classifyChanges(spec(servers(demo)), spec(servers([...demo].reverse()))))).toEqual([
      `MAYBE servers: default demo server changed from ${demo[0]} to ${demo[1]} (the client's default base URL)`,
    ]);
  });
});

// Mutation gaps (round 17). change-rules.ts: a request change "breaks when it narrows what is accepted", a response
// change "when it widens what may arrive"; README (spec:update): "bounds, patterns and lengths tightened in a request
// are narrowed (breaking)". One case per rule or keyword no other test reached.
describe('request narrowing and response widening, keyword by keyword', () => {
  const fields = (d: Doc) => {
    request(d).properties.limit_price = { type: 'number', minimum: 0 };
    request(d).properties.tags = { type: 'array', items: { type: 'string' } };
    order(d).properties.labels = { type: 'object', additionalProperties: { type: 'string' } };
  };
  const pair = (before: (d: Doc) => void, after: (d: Doc) => void) =>
    only(
      classifyChanges(
        spec((d) => {
          fields(d);
          before(d);
        }),
        spec((d) => {
          fields(d);
          after(d);
        }),
      ),
    );
  const none = () => {};
  it.each<[string, (d: Doc) => void, (d: Doc) => void, string[]]>([
    [
      'exclusiveMinimum set (OAS 3.0 flag) in a request',
      none,
      (d) => (request(d).properties.limit_price.exclusiveMinimum = true),
      ['BREAKING request body .limit_price: exclusiveMinimum set (the bound itself is no longer valid)'],
    ],
    [
      'multipleOf added in a request',
      none,
      (d) => (request(d).properties.limit_price.multipleOf = 0.01),
      ['BREAKING request body .limit_price: multipleOf 0.01 added'],
    ],
    [
      'uniqueItems set in a request',
      none,
      (d) => (request(d).properties.tags.uniqueItems = true),
      ['BREAKING request body .tags: items must now be unique'],
    ],
    [
      'a pattern replaced by another in a request',
      (d) => (request(d).properties.ticker.pattern = '^[A-Z]+$'),
      (d) => (request(d).properties.ticker.pattern = '^[A-Z0-9-]+$'),
      ['BREAKING request body .ticker: pattern changed from "^[A-Z]+$" to "^[A-Z0-9-]+$"'],
    ],
    [
      'number become integer in a request (fractional values refused on the wire)',
      none,
      (d) => (request(d).properties.limit_price.type = 'integer'),
      [
        'MAYBE request body .limit_price: type changed from number to integer (same TypeScript `number`; fractional values no longer valid on the wire)',
      ],
    ],
    [
      'items given a type in a request (any item was valid)',
      (d) => delete request(d).properties.tags.items,
      none,
      ['BREAKING request body .tags[]: added'],
    ],
    [
      // OAS 3.1 writes nullability as a type list.
      'null added to a response field’s type list (OAS 3.1)',
      (d) => (order(d).properties.note.type = ['string']),
      (d) => (order(d).properties.note.type = ['string', 'null']),
      ['BREAKING response 201 .note: may now be null'],
    ],
    [
      'a map’s value type changed in a response',
      none,
      (d) => (order(d).properties.labels.additionalProperties = { type: 'integer' }),
      ['BREAKING response 201 .labels{}: type changed from string to integer'],
    ],
    [
      'a response field deprecated (safe, listed)',
      none,
      (d) => (order(d).properties.note.deprecated = true),
      ['ok response 201 .note: field deprecated'],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(pair(before, after)).toEqual(expected);
  });
});

// Attack round 22, A13: severityOf('nope') crashed inside ("reading '0'"); a direction other than 'request' was read
// as 'response'.
describe('severityOf names a rule or direction it does not know', () => {
  it.each([
    ["'nope'", ['nope'], /^severityOf: rule: "nope" is not a change rule/],
    ['nothing', [], /^severityOf: rule: expected a rule id, got undefined/],
    [
      "direction 'requests'",
      ['property-removed', 'requests'],
      /^severityOf: direction: expected 'request' or 'response', got "requests"$/,
    ],
  ])('%s', (_, args, message) => {
    const severity = () => (severityOf as (...a: unknown[]) => unknown)(...args);
    expect(severity).toThrow(CodegenError);
    expect(severity).toThrow(message);
  });

  it('answers a known rule for each direction', () => {
    // First principles: a removed operation breaks every caller of it; an added one breaks no one.
    expect([severityOf('operation-removed', 'request'), severityOf('operation-added', 'response')]).toEqual([
      'breaking',
      'safe',
    ]);
  });
});

// Round 37 (D): OAS 3.0.3 (Parameter Object) gives every parameter a style (query and cookie: form; path and header:
// simple) and an explode (true for form, else false) when it writes none. Writing those defaults out serialises the
// query exactly as before, yet was reported parameter-style-changed, potentially breaking: a
// `--fail-on potentially-breaking` gate stopped on a change that changes nothing.
describe("a parameter's default style and explode, written out", () => {
  const withParameter = (parameter: Record<string, unknown>) =>
    spec((d) => {
      d.paths['/orders'].post.parameters.push(parameter);
    });

  it.each([
    [
      { name: 'q', in: 'query' },
      { style: 'form', explode: true },
    ],
    [
      { name: 'X-Trace', in: 'header' },
      { style: 'simple', explode: false },
    ],
    [
      { name: 'c', in: 'cookie' },
      { style: 'form', explode: true },
    ],
  ])('%o given %o is no change', (parameter, written) => {
    const schema = { type: 'string' };
    expect(
      classifyChanges(withParameter({ ...parameter, schema }), withParameter({ ...parameter, ...written, schema })),
    ).toEqual([]);
  });

  it('explode written against the default of its style is still a change', () => {
    const parameter = { name: 'q', in: 'query', schema: { type: 'string' } };
    expect(only(classifyChanges(withParameter(parameter), withParameter({ ...parameter, explode: false })))).toEqual([
      'MAYBE query parameter "q": explode changed from default to false',
    ]);
  });
});

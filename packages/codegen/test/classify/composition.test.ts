import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyChanges, type SpecChange } from '../../src';
import { type Doc, KALSHI_SPEC, specOf } from '../helpers';

// change-rules.ts: inside a request a change "breaks when it narrows what is accepted". A request field that becomes
// a `oneOf`/`anyOf` none of whose variants is the old schema may no longer take what it took (Kalshi's fixed-point
// migration turned integer fields into strings): the old schema is compared with the variant closest to it, so a
// value no variant takes is reported breaking, never "safe: variant added".
const base = specOf(KALSHI_SPEC)();
const spec = (mutate: (d: Doc) => void) => {
  const doc = structuredClone(base);
  mutate(doc);
  return doc;
};
const body = (d: Doc) => d.components.schemas.CreateOrderV2Request;
const breakingAt = (changes: SpecChange[], field: string) =>
  changes.filter((c) => c.breaking && c.location.startsWith(`request body .${field}`));

describe('a request field that becomes oneOf/anyOf without its old schema', () => {
  it('the price (a fixed-point dollars string) becoming anyOf [integer] is breaking', () => {
    const after = spec((d) => {
      body(d).properties.price = { anyOf: [{ type: 'integer' }] };
    });
    const changes = classifyChanges(base, after);
    expect(breakingAt(changes, 'price').map((c) => c.rule)).toContain('type-changed');
  });

  it('an enum narrowed inside the only string variant is breaking', () => {
    const after = spec((d) => {
      body(d).properties.time_in_force = {
        oneOf: [{ type: 'string', enum: ['fill_or_kill'] }, { type: 'integer' }],
      };
    });
    const changes = breakingAt(classifyChanges(base, after), 'time_in_force');
    expect(changes.map((c) => c.rule)).toContain('enum-narrowed');
  });

  it('still safe when a variant is the old schema itself (oneOf [old, new])', () => {
    const after = spec((d) => {
      body(d).properties.ticker = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    });
    expect(breakingAt(classifyChanges(base, after), 'ticker')).toEqual([]);
  });

  // Every primitive field of the order request, turned into a composition of 1-3 types none of which takes its old
  // values: always breaking there.
  const OTHER: Record<string, string[]> = {
    string: ['integer', 'number', 'boolean'],
    integer: ['string', 'boolean'],
    number: ['string', 'boolean'],
    boolean: ['string', 'integer', 'number'],
  };
  const fields = Object.entries(body(base).properties as Record<string, Doc>)
    .map(([name, schema]) => {
      const type = schema.$ref
        ? base.components.schemas[String(schema.$ref).split('/').pop() ?? '']?.type
        : schema.type;
      return { name, type: String(type) };
    })
    .filter((f) => f.type in OTHER);
  it('property: any primitive field made a composition of other types is breaking', () => {
    expect(fields.length).toBeGreaterThan(5);
    const mutation = fc.constantFrom(...fields).chain((field) =>
      fc.record({
        field: fc.constant(field),
        kind: fc.constantFrom('oneOf', 'anyOf'),
        types: fc.uniqueArray(fc.constantFrom(...(OTHER[field.type] ?? [])), { minLength: 1, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(mutation, ({ field, kind, types }) => {
        const after = spec((d) => {
          body(d).properties[field.name] = { [kind]: types.map((type) => ({ type })) };
        });
        expect(breakingAt(classifyChanges(base, after), field.name)).not.toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

// A required money field of a response (Market.yes_bid_dollars, "Price for the highest YES buy offer") written as
// `oneOf: [FixedPointDollars], nullable: true`: the generated type becomes `FixedPointDollars | null`, and code
// reading it as a price no longer compiles (change-rules.ts: nullable-added breaks in a response). The `nullable`
// beside the variants went unreported when a variant was the old schema.
describe('a field that becomes a nullable composition of itself', () => {
  it.each(['oneOf', 'anyOf'])(
    '%s [old] with nullable: true beside it is nullable-added, breaking in a response',
    (kind) => {
      const after = spec((d) => {
        d.components.schemas.Market.properties.yes_bid_dollars = {
          [kind]: [{ $ref: '#/components/schemas/FixedPointDollars' }],
          nullable: true,
        };
      });
      const found = classifyChanges(base, after).filter(
        (c) => c.rule === 'nullable-added' && c.location.endsWith('.yes_bid_dollars'),
      );
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((c) => c.breaking)).toBe(true);
    },
  );

  it('a field nullable before stays so: no nullable-removed', () => {
    const nullable = (schema: Doc) => (d: Doc) => {
      d.components.schemas.Market.properties.yes_bid_dollars = schema;
    };
    const before = spec(nullable({ $ref: '#/components/schemas/FixedPointDollars', nullable: true }));
    const after = spec(nullable({ oneOf: [{ $ref: '#/components/schemas/FixedPointDollars' }], nullable: true }));
    expect(classifyChanges(before, after).filter((c) => c.rule.startsWith('nullable'))).toEqual([]);
  });
});

// The reverse: a `oneOf`/`anyOf` that becomes a plain schema. change-rules.ts: a response "breaks when it widens what
// may arrive or removes what was promised"; a request when it narrows what is accepted. The plain schema is compared
// with the old variant closest to it (the other variants are removed), not with the composition's own keywords, where
// every change inside the kept variant went unseen (a response `anyOf [string]` → `integer` read as "safe").
describe('a field that was oneOf/anyOf and becomes a plain schema', () => {
  const market = (schema: Doc) => (d: Doc) => {
    d.components.schemas.Market.properties.ticker = schema;
  };
  const order = (schema: Doc) => (d: Doc) => {
    body(d).properties.ticker = schema;
  };
  const at = (changes: SpecChange[], field: string) => changes.filter((c) => c.location.includes(`.${field}`));

  it('a response anyOf [string] becoming integer is type-changed, breaking', () => {
    const changes = at(
      classifyChanges(spec(market({ anyOf: [{ type: 'string' }] })), spec(market({ type: 'integer' }))),
      'ticker',
    );
    expect(changes.filter((c) => c.breaking).map((c) => c.rule)).toContain('type-changed');
  });

  it('a response field of the kept variant changing type is breaking', () => {
    const variantA = (type: string) => ({ type: 'object', properties: { a: { type } }, required: ['a'] });
    const before = spec(
      market({ anyOf: [variantA('string'), { type: 'object', properties: { b: { type: 'string' } } }] }),
    );
    const changes = at(classifyChanges(before, spec(market(variantA('integer')))), 'ticker .a');
    expect(changes.filter((c) => c.breaking).map((c) => c.rule)).toEqual(expect.arrayContaining(['type-changed']));
  });

  it('a response enum widened inside the kept variant is enum-widened, not enum-added', () => {
    const before = spec(market({ anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'integer' }] }));
    const rules = at(classifyChanges(before, spec(market({ type: 'string', enum: ['a', 'b', 'c'] }))), 'ticker').map(
      (c) => c.rule,
    );
    expect(rules).toContain('enum-widened');
    expect(rules).not.toContain('enum-added');
  });

  it('request anyOf [string, integer] → string: only the integer variant is removed (breaking)', () => {
    const before = spec(order({ anyOf: [{ type: 'string' }, { type: 'integer' }] }));
    const changes = breakingAt(classifyChanges(before, base), 'ticker');
    expect(changes.map((c) => [c.rule, c.location])).toEqual([['variant-removed', 'request body .ticker (anyOf #2)']]);
  });

  it('oneOf [X] becoming X itself is no change', () => {
    const before = spec((d) => {
      body(d).properties.price = { oneOf: [{ $ref: '#/components/schemas/FixedPointDollars' }] };
      d.components.schemas.Market.properties.yes_bid_dollars = {
        oneOf: [{ $ref: '#/components/schemas/FixedPointDollars' }],
      };
    });
    const changes = classifyChanges(before, base);
    expect(changes.filter((c) => /\.(price|yes_bid_dollars)\b/.test(c.location))).toEqual([]);
  });

  // A Market field, once a composition of 1-3 types, becoming a type none of them takes: not safe (breaking, or
  // potentially breaking for integer → number). An integer is a number: `oneOf [number, …]` → `integer` narrows, safe
  // in a response, so it is left out.
  const TYPES = ['string', 'integer', 'number', 'boolean'];
  it('property: a response composition becoming a type none of its variants had is not safe', () => {
    const mutation = fc
      .uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 })
      .filter((types) => !(types.length === 3 && types.includes('number') && !types.includes('integer')))
      .chain((types) =>
        fc.record({
          kind: fc.constantFrom('oneOf', 'anyOf'),
          types: fc.constant(types),
          now: fc.constantFrom(
            ...TYPES.filter((t) => !types.includes(t) && !(t === 'integer' && types.includes('number'))),
          ),
        }),
      );
    fc.assert(
      fc.property(mutation, ({ kind, types, now }) => {
        const before = spec(market({ [kind]: types.map((type) => ({ type })) }));
        const changes = at(classifyChanges(before, spec(market({ type: now }))), 'ticker');
        expect(changes.filter((c) => c.severity !== 'safe')).not.toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

// The same, with the composition inside an `allOf` part (`allOf: [{ anyOf: [...] }, { description }]`, how a spec
// adds prose to a union): the merged schema is a composition all the same, and a plain schema on the other side is
// compared with its closest variant. Compared by keywords, a response `anyOf [string]` → `integer` read as "variant
// removed" (safe), and a request `string` → `anyOf [integer]` as "variant added" (safe).
describe('a oneOf/anyOf inside an allOf part, against a plain schema', () => {
  const wrapped = (composition: Doc) => ({ allOf: [composition, { description: 'the ticker' }] });
  const market = (schema: Doc) => (d: Doc) => {
    d.components.schemas.Market.properties.ticker = schema;
  };
  const at = (changes: SpecChange[]) => changes.filter((c) => c.location.includes('.ticker'));

  it('a response allOf [anyOf [string]] becoming integer is type-changed, breaking', () => {
    const before = spec(market(wrapped({ anyOf: [{ type: 'string' }] })));
    const changes = at(classifyChanges(before, spec(market({ type: 'integer' }))));
    expect(changes.filter((c) => c.breaking).map((c) => `${c.rule}: ${c.message}`)).toContain(
      'type-changed: type changed from string to integer',
    );
  });

  it('a request string becoming allOf [anyOf [integer]] is type-changed, breaking', () => {
    const after = spec((d) => {
      body(d).properties.ticker = wrapped({ anyOf: [{ type: 'integer' }] });
    });
    expect(breakingAt(classifyChanges(base, after), 'ticker').map((c) => `${c.rule}: ${c.message}`)).toContain(
      'type-changed: type changed from string to integer',
    );
  });

  it('a response allOf [anyOf [string, integer]] becoming string: the integer variant removed, nothing breaking', () => {
    const before = spec(market(wrapped({ anyOf: [{ type: 'string' }, { type: 'integer' }] })));
    const changes = at(classifyChanges(before, base));
    expect(changes.map((c) => [c.severity, c.rule])).toContainEqual(['safe', 'variant-removed']);
    expect(changes.filter((c) => c.severity !== 'safe')).toEqual([]);
  });
});

// OAS 3.1's type arrays are the same union as `anyOf` of types: `type: [string, integer]` → `string` narrows (safe in
// a response, breaking in a request), `string` → `[string, integer]` widens (the reverse). Both read as
// "type-changed", breaking either way.
describe('a type array (OAS 3.1) that narrows or widens', () => {
  const field = (name: string, schema: Doc) => (d: Doc) => {
    d.components.schemas[name].properties.ticker = schema;
  };
  const ticker = (changes: SpecChange[]) =>
    changes.filter((c) => c.location.endsWith('.ticker')).map((c) => `${c.severity} ${c.rule}`);
  const STRING_OR_INTEGER = { type: ['string', 'integer'] };

  it('narrowed in a response is safe, in a request breaking', () => {
    const response = classifyChanges(spec(field('Market', STRING_OR_INTEGER)), base);
    expect(new Set(ticker(response))).toEqual(new Set(['safe variant-removed']));
    const request = classifyChanges(spec(field('CreateOrderV2Request', STRING_OR_INTEGER)), base);
    expect(new Set(ticker(request))).toEqual(new Set(['breaking variant-removed']));
  });

  it('widened in a request is safe, in a response breaking', () => {
    const request = classifyChanges(base, spec(field('CreateOrderV2Request', STRING_OR_INTEGER)));
    expect(new Set(ticker(request))).toEqual(new Set(['safe variant-added']));
    const response = classifyChanges(base, spec(field('Market', STRING_OR_INTEGER)));
    expect(new Set(ticker(response))).toEqual(new Set(['breaking variant-added']));
  });

  it('one type for another is still type-changed', () => {
    const changes = classifyChanges(
      spec(field('Market', STRING_OR_INTEGER)),
      spec(field('Market', { type: ['boolean', 'string'] })),
    );
    expect(new Set(ticker(changes))).toEqual(new Set(['breaking type-changed']));
  });
});

// Round 37 (D): `allOf` is every part at once (JSON Schema), but flatten kept the first part's value of a keyword and
// dropped the later parts': a part that narrowed an enum or a bound an earlier part (or a $ref target) also set, then
// narrowed further, classified as no change at all (a `--fail-on breaking` gate passed it). The parts' enums are
// intersected and their bounds the tightest, as a validator reads them.
describe('an allOf whose later part narrows what an earlier part allows', () => {
  const withTimeInForce = (narrowing: string[]) =>
    spec((d) => {
      body(d).properties.time_in_force = {
        allOf: [
          { type: 'string', enum: ['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel'] },
          { enum: narrowing },
        ],
      };
    });
  const withSubaccount = (minimum: number) =>
    spec((d) => {
      body(d).properties.subaccount = { allOf: [{ type: 'integer', minimum: 0 }, { minimum }] };
    });

  it('the later part narrowing its enum further is enum-narrowed, breaking in a request', () => {
    const before = withTimeInForce(['fill_or_kill', 'good_till_canceled']);
    const after = withTimeInForce(['fill_or_kill']);
    const changes = breakingAt(classifyChanges(before, after), 'time_in_force');
    expect(changes.map((c) => [c.rule, c.message])).toEqual([
      ['enum-narrowed', expect.stringContaining('"good_till_canceled"')],
    ]);
  });

  it('the later part raising its minimum further is constraint-tightened, breaking in a request', () => {
    const changes = breakingAt(classifyChanges(withSubaccount(1), withSubaccount(5)), 'subaccount');
    expect(changes.map((c) => [c.rule, c.message])).toEqual([['constraint-tightened', 'minimum changed from 1 to 5']]);
  });

  it('a later part looser than an earlier one changes nothing (the earlier bound still holds)', () => {
    expect(classifyChanges(withSubaccount(0), withSubaccount(-5))).toEqual([]);
  });
});

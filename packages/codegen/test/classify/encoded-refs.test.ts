import { expect, it } from 'vitest';
import { classifyChanges } from '../../src';
import { type Doc, KALSHI_SPEC, specOf } from '../helpers';

const spec = specOf(KALSHI_SPEC);

/** Every `$ref` to `#/components/schemas/Market`, rewritten as `#/components/schemas/M%61rket`. */
function encodeMarketRefs(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Doc;
  if (record.$ref === '#/components/schemas/Market') record.$ref = '#/components/schemas/M%61rket';
  for (const value of Object.values(record)) encodeMarketRefs(value);
}

// A $ref's JSON pointer is percent-encoded in URI-fragment form (RFC 6901 §6): `M%61rket` is `Market`, the same schema.
// A spec re-serialised with its refs encoded changes nothing a client sees; the classifier compared the ref strings and
// reported each use of Market as "now uses schema M%61rket instead of Market", potentially breaking (round 36, D).
it('a $ref rewritten in percent-encoded form is no change', () => {
  const after = spec(encodeMarketRefs);
  expect(JSON.stringify(after)).toContain('M%61rket');
  expect(classifyChanges(spec(), after)).toEqual([]);
});

// The other side (round 36's review): decoding must not hide a real change. A ref encoded to point at another schema
// (`M%61rketPosition` is MarketPosition) is the change a plain one would be.
it('a percent-encoded $ref to another schema is still ref-changed', () => {
  const plain = (target: string) =>
    spec((doc) => {
      const props = (doc.components as Doc).schemas as Record<string, Doc>;
      const response = props.GetMarketResponse?.properties as Record<string, Doc>;
      response.market = { $ref: target };
    });
  const encoded = classifyChanges(spec(), plain('#/components/schemas/M%61rketPosition'));
  expect(encoded.map((c) => c.rule)).toContain('ref-changed');
  expect(encoded).toEqual(classifyChanges(spec(), plain('#/components/schemas/MarketPosition')));
});

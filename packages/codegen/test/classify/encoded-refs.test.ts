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

// Names a spec may give that are also the names of Object.prototype's members (`constructor`, `toString`,
// `hasOwnProperty`) or its accessor (`__proto__`): a field, a component, a security scheme or an operationId named
// so is as legal in OpenAPI as any other. Looked up with `in` or `map[name]` they were "found" on every object (a
// removed field `constructor` went unreported), and assigned they set the prototype (a `__proto__` field vanished).
// The notes are silent (our generator and classifier); a name is a name.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildManifest,
  classifyChanges,
  diffOperations,
  generate,
  helperImpact,
  type OperationInfo,
  resolvePointer,
  type SpecChange,
} from '../../src';
import { type Doc, KALSHI_SPEC, specOf, tempDir } from '../helpers';

const NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];
const base = specOf(KALSHI_SPEC)();
const spec = (mutate: (d: Doc) => void) => {
  const doc = structuredClone(base);
  mutate(doc);
  return doc;
};
/** Sets an own key, even `__proto__` (as JSON.parse and the YAML loader do). */
const define = (node: Doc, name: string, value: unknown) =>
  Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
const rulesAt = (changes: SpecChange[], name: string) =>
  changes.filter((c) => c.location.endsWith(`.market .${name}`)).map((c) => `${c.severity} ${c.rule}`);

describe('a field named like an Object.prototype member', () => {
  it.each(NAMES)('%s removed from a response is property-removed, breaking', (name) => {
    const withIt = spec((d) => define(d.components.schemas.Market.properties, name, { type: 'string' }));
    expect(rulesAt(classifyChanges(withIt, base), name)).toContain('breaking property-removed');
  });

  it.each(NAMES)('%s added to a response is property-added', (name) => {
    const withIt = spec((d) => define(d.components.schemas.Market.properties, name, { type: 'string' }));
    expect(rulesAt(classifyChanges(base, withIt), name)).toEqual(expect.arrayContaining(['safe property-added']));
    expect(rulesAt(classifyChanges(base, withIt), name)).not.toContain('safe type-added');
  });

  it('a `__proto__` field of an allOf part keeps its type change', () => {
    const part = (type: string) => (d: Doc) => {
      d.components.schemas.Market = { allOf: [d.components.schemas.Market, { type: 'object', properties: {} }] };
      define(d.components.schemas.Market.allOf[1].properties, '__proto__', { type });
    };
    const changes = classifyChanges(spec(part('string')), spec(part('integer')));
    expect(rulesAt(changes, '__proto__')).toContain('breaking type-changed');
  });
});

describe('a component or security scheme named like an Object.prototype member', () => {
  it.each(['constructor', 'toString'])('a schema %s no operation uses, removed, is component-removed', (name) => {
    const withIt = spec((d) => define(d.components.schemas, name, { type: 'string' }));
    const found = classifyChanges(withIt, base).filter((c) => c.operation === `#/components/schemas/${name}`);
    expect(found.map((c) => `${c.severity} ${c.rule}`)).toEqual(['breaking component-removed']);
  });

  it('a security scheme toString removed is security-scheme-removed', () => {
    const withIt = spec((d) => define(d.components.securitySchemes, 'toString', { type: 'http', scheme: 'bearer' }));
    const found = classifyChanges(withIt, base).filter((c) => c.rule.startsWith('security-scheme'));
    expect(found.map((c) => `${c.severity} ${c.rule}`)).toEqual(['breaking security-scheme-removed']);
  });

  it('a $ref to a schema the spec does not have resolves to nothing', () => {
    expect(resolvePointer(base, '#/components/schemas/constructor')).toBeUndefined();
    expect(resolvePointer(base, '#/components/schemas/toString')).toBeUndefined();
  });
});

describe('the manifest and the operation diff', () => {
  const thingSpec = (bodyType: string) => {
    const doc = JSON.parse(`{
      "openapi": "3.0.0",
      "info": { "title": "t", "version": "1" },
      "paths": { "/things": { "post": {
        "operationId": "toString",
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "allOf": [{ "type": "object", "properties": { "__proto__": { "type": "${bodyType}" }, "name": { "type": "string" } } }]
        } } } },
        "responses": { "201": { "description": "ok" } }
      } } }
    }`) as Doc;
    return doc;
  };

  it('a write with operationId toString gets the default retry policy of a write (never repeated)', () => {
    const [op] = buildManifest(thingSpec('string')).operations;
    expect(op?.retry).toEqual({ repeat: 'never', lostResponse: 'none' });
  });

  it('a body field `__proto__` of an allOf part is a body field', () => {
    const [op] = buildManifest(thingSpec('string')).operations;
    expect(op?.body).toEqual(['__proto__', 'name']);
  });

  it('the generated manifest keeps a list field `__proto__` with its item fields, and the default retry', async () => {
    const doc = thingSpec('string');
    const body = doc.paths['/things'].post.requestBody.content['application/json'].schema.allOf[0].properties;
    define(body, '__proto__', { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } });
    const out = tempDir();
    const spec = join(out, 'spec.json');
    writeFileSync(spec, JSON.stringify(doc));
    await generate({ spec, out });
    const { operations } = (await import(join(out, 'manifest.ts'))) as { operations: Record<string, OperationInfo> };
    const op: OperationInfo | undefined = Object.getOwnPropertyDescriptor(operations, 'toString')?.value;
    expect(op?.body).toEqual(['__proto__', 'name']);
    // An own field, not the prototype.
    expect(Object.getOwnPropertyDescriptor(op?.bodyItems ?? {}, '__proto__')?.value).toEqual(['id']);
    expect(op?.retry).toEqual({ repeat: 'never', lostResponse: 'none' });
  }, 60_000);

  it('a `__proto__` field whose type changed makes its operation changed', () => {
    expect(diffOperations(thingSpec('string'), thingSpec('integer')).changed.map((o) => o.operationId)).toEqual([
      'toString',
    ]);
  });

  it('helperImpact with an operationId constructor no helper uses is empty', () => {
    const removed = classifyChanges(
      spec((d) => {
        d.paths['/markets'].get.operationId = 'constructor';
      }),
      spec((d) => delete d.paths['/markets']),
    ).filter((c) => c.operationId === 'constructor');
    expect(removed.length).toBeGreaterThan(0);
    expect(helperImpact(removed, { GetMarket: ['getMarket'] })).toEqual([]);
  });
});

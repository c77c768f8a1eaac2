import { resolveRef, type SchemaObject } from '../src/schema/spec';

/**
 * The members of `body` its schema marks `x-omitempty: false` and the answer leaves out. Kalshi's server is Go code
 * generated from this spec (oapi-codegen): an optional property gets `json:",omitempty"` unless the spec says
 * `x-omitempty: false`, so those properties are on the wire in every answer, zero values included.
 */
export function unwritten(schema: SchemaObject, body: unknown, path = '$'): string[] {
  const s = resolveRef(schema);
  if (!s || body === null || typeof body !== 'object') return [];
  if (Array.isArray(body)) return s.items ? body.flatMap((item, i) => unwritten(s.items, item, `${path}[${i}]`)) : [];
  const parts = [s, ...((s.allOf ?? []) as SchemaObject[]).map((part) => resolveRef(part))];
  const out: string[] = [];
  for (const part of parts)
    for (const [name, property] of Object.entries((part.properties ?? {}) as Record<string, SchemaObject>)) {
      const value = (body as Record<string, unknown>)[name];
      if (property['x-omitempty'] === false && !(name in body)) out.push(`${path}.${name}`);
      else if (value !== undefined) out.push(...unwritten(property, value, `${path}.${name}`));
    }
  return out;
}

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

/** Go's zero values as JSON: what `omitempty` drops from a plain (non-pointer) field. */
const isGoZero = (value: unknown) =>
  value === '' ||
  value === 0 ||
  value === false ||
  (Array.isArray(value) && value.length === 0) ||
  (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * The members of `body` Kalshi's encoder never writes: a zero value in a field oapi-codegen makes a plain Go value
 * with `omitempty`. A field is plain when it is required or marked `x-go-type-skip-optional-pointer` (an optional one
 * is otherwise a pointer, and `omitempty` drops only nil); it has `omitempty` when marked `x-omitempty: true`, or when
 * it is optional and not marked `x-omitempty: false`.
 */
export function zeroWritten(schema: SchemaObject, body: unknown, path = '$'): string[] {
  const s = resolveRef(schema);
  if (!s || body === null || typeof body !== 'object') return [];
  if (Array.isArray(body)) return s.items ? body.flatMap((item, i) => zeroWritten(s.items, item, `${path}[${i}]`)) : [];
  const parts = [s, ...((s.allOf ?? []) as SchemaObject[]).map((part) => resolveRef(part))];
  const out: string[] = [];
  for (const part of parts) {
    const required = (part.required ?? []) as string[];
    for (const [name, property] of Object.entries((part.properties ?? {}) as Record<string, SchemaObject>)) {
      if (!(name in body)) continue;
      const value = (body as Record<string, unknown>)[name];
      const isRequired = required.includes(name);
      const omitempty = property['x-omitempty'] === true || (!isRequired && property['x-omitempty'] !== false);
      const plain = isRequired || property['x-go-type-skip-optional-pointer'] === true;
      if (omitempty && plain && isGoZero(value)) out.push(`${path}.${name}`);
      else out.push(...zeroWritten(property, value, `${path}.${name}`));
    }
  }
  return out;
}

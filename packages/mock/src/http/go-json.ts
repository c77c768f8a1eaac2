// How Go's encoding/json (which decodes Kalshi's request bodies, notes §3.1) reads a body differently from
// JSON.parse: a nesting cap, and `null` meaning "leave the field as it is".

/**
 * The deepest nesting Go's encoding/json accepts (its scanner's `maxNestingDepth`); one level more and it fails with
 * "invalid character '[' exceeded max depth". Kalshi's answer to such a body is not recorded (the notes are silent):
 * the mock answers what its Go decoder would, in the flat `bad_request` shape of decode errors (notes §3.2).
 */
export const MAX_JSON_DEPTH = 10_000;

/** The bracket that opens nesting level MAX_JSON_DEPTH + 1 of a JSON text, if it has one. */
export function tooDeep(text: string): '[' | '{' | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_JSON_DEPTH) return ch;
    } else if (ch === ']' || ch === '}') depth--;
  }
  return undefined;
}

/**
 * Removes every object member whose value is `null`, at any depth, in place; returns the value.
 *
 * Kalshi's handling of `null` is not recorded (the notes are silent). In Go's encoding/json a `null` leaves a
 * non-pointer field at its zero value and sets a pointer field to nil: either way the field reads as absent, and no
 * error is raised. The mock reads `null` members as absent for every operation. A `null` array element or body is
 * left for the schema to refuse. Walks with its own stack: bodies may nest deeper than the JS call stack allows.
 */
export function dropNullMembers<T>(value: T): T {
  const pending: unknown[] = [value];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) pending.push(item); // not push(...node): a long array would overflow the stack
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === null) delete record[key];
      else pending.push(record[key]);
    }
  }
  return value;
}

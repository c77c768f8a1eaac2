// How Go's encoding/json (which decodes Kalshi's request bodies, notes §3.1) reads a body differently from
// JSON.parse.

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

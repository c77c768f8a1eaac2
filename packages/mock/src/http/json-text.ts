// What JSON.parse cannot tell the request parser: how numbers were written, and strings too long to store.

/**
 * The longest string a request body may carry where the spec gives no `maxLength`: the spec's one string limit
 * (market tickers, 200), so a 10 MB `client_order_id` is refused instead of stored and echoed.
 */
export const MAX_STRING_LENGTH = 200;

/** The JSON text with every number written with a fraction or exponent replaced by 0.5; undefined if none is. */
export function fractionalNumbersAsHalves(text: string): string | undefined {
  let out = '';
  let changed = false;
  let i = 0;
  const number = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      number.lastIndex = i;
      const lexeme = number.exec(text)?.[0] ?? ch;
      const fractional = /[.eE]/.test(lexeme);
      changed ||= fractional;
      out += fractional ? '0.5' : lexeme;
      i += lexeme.length;
    } else {
      out += ch;
      i++;
    }
  }
  return changed ? out : undefined;
}

/** Fields whose values are longer by nature: a PEM public key (`POST /api_keys`; a 4096-bit RSA key is ~800). */
const LONGER_FIELDS: Readonly<Record<string, number>> = { public_key: 10_000 };

/**
 * The path of the first string (or key) longer than its limit, if any ('' for the body itself). Walks with its own
 * stack, not recursion: a body may nest up to MAX_JSON_DEPTH deep, deeper than the JS call stack allows.
 */
export function longString(body: unknown): string | undefined {
  const pending: { value: unknown; path: string; limit: number }[] = [
    { value: body, path: '', limit: MAX_STRING_LENGTH },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, limit } = next;
    if (typeof value === 'string') {
      if (value.length > limit) return path;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    // Pushed in reverse so that the first offending field in document order is the one named.
    for (const [key, item] of Object.entries(value).reverse()) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (key.length > MAX_STRING_LENGTH) return at.slice(0, MAX_STRING_LENGTH);
      pending.push({ value: item, path: at, limit: LONGER_FIELDS[key] ?? MAX_STRING_LENGTH });
    }
  }
  return undefined;
}

/**
 * The digits the top-level member `key` of a JSON object text was written with, when its value is an integer written
 * without fraction or exponent; else undefined (another value, no such member). The last member of that name counts,
 * as in JSON.parse. For integers JSON.parse cannot hold exactly: beyond 2^53 it rounds them.
 */
export function integerLiteralOf(text: string, key: string): string | undefined {
  const colon = /\s*:\s*/y;
  const number = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  let depth = 0;
  let found: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i += text[i] === '\\' ? 2 : 1);
      colon.lastIndex = i + 1;
      // A string followed by a colon is a member's name (escapes read as JSON.parse reads them).
      if (depth !== 1 || !colon.test(text) || JSON.parse(text.slice(start, i + 1)) !== key) continue;
      number.lastIndex = colon.lastIndex;
      const lexeme = number.exec(text)?.[0];
      found = lexeme !== undefined && /^-?\d+$/.test(lexeme) ? lexeme : undefined;
    }
  }
  return found;
}

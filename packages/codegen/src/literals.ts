// Spec text written into generated TypeScript (attack round 24, A1): a `\n` or U+2028 in the spec's title ended the
// header's `//` comment, and an error code or schema name written as it was became code that ran on import. Every
// spec-derived string goes through `stringLiteral`; what cannot be a literal (an object key that must be a number)
// is refused where it is read.

/** Characters escaped in a generated literal: backslash, quotes, C0 and C1 controls, DEL and U+2028/U+2029. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\\'"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `value` as a TypeScript string literal in `quote`s that holds no line terminator or control character (those are
 * `\uXXXX` escapes), so it is safe in code and in a `//` comment, and reads back as `value`.
 */
export function stringLiteral(value: string, quote: "'" | '"' = "'"): string {
  const escaped = value.replace(UNSAFE, (c) =>
    c === '\\' || c === quote
      ? `\\${c}`
      : c === "'" || c === '"'
        ? c
        : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${quote}${escaped}${quote}`;
}

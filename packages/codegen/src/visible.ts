// Spec names printed on a terminal (attack round 24, A7): `kalshi-codegen diff` printed a parameter named
// `evil\x1b[2K\r\x1b[32mNo breaking changes` as it was, and the terminal erased the "breaking" line it stood on.

/** C0 and C1 control characters, DEL and the line terminators U+2028/U+2029. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character shown as an escape (`\x1b`, `\n`, `\u2028`), so a terminal prints it as text. */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return SHORT[c] ?? (code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`);
  });
}

/** The value without one pair of surrounding quotes (`"…"` or `'…'`), as `.env` loaders may leave them. */
export function unquote(text: string): string {
  const quoted = text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.endsWith(text[0]);
  return quoted ? text.slice(1, -1).trim() : text;
}

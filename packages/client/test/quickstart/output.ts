/** The lines of quickstart step `n` (from its "n. " heading to the next heading or blank-line-led section). */
export function sectionOf(output: string, n: number): string {
  const start = output.indexOf(`\n${n}. `);
  if (start < 0) throw new Error(`step ${n} is missing from the output:\n${output}`);
  const end = output.indexOf('\n\n', start + 1);
  return output.slice(start + 1, end < 0 ? undefined : end);
}

/** The UUID right after the first match of `label` in `text`. */
export function uuidAfter(text: string, label: RegExp): string {
  const match = text.match(new RegExp(`${label.source}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`));
  if (!match?.[1]) throw new Error(`no id after ${label} in:\n${text}`);
  return match[1];
}

import { KalshiAuthError } from './errors';
import { describe } from './message';

/**
 * Refuses a key an options object does not take, naming it and where, before anything is done: a misspelt option
 * (`toleranceMS`, `clok`) would otherwise fall back to its default without a word. A spelling that differs only in
 * case or underscores (`tolerance_ms`), or a listed alias (`tolerance`), is answered with the option meant. Not an
 * object at all is refused too. `passedOn`: keys taken without a word and not listed as options (fields of another
 * object, passed on as it is).
 */
export function checkKnownKeys(
  where: string,
  options: object,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
  passedOn: readonly string[] = [],
): void {
  if (typeof options !== 'object' || !options || Array.isArray(options))
    throw new KalshiAuthError(
      'invalid_argument',
      `${where}(options): expected an object, got ${Array.isArray(options) ? 'an array' : describe(options)}`,
    );
  const flat = (name: string) => name.toLowerCase().replaceAll('_', '');
  for (const key of Object.keys(options)) {
    if (known.includes(key) || passedOn.includes(key)) continue;
    const meant = [...known, ...passedOn].find((name) => name === aliases[key] || flat(name) === flat(key));
    const name = key.length > 64 ? `${key.slice(0, 64)}…` : key;
    throw new KalshiAuthError(
      'invalid_argument',
      `${where}: ${name} is not an option; ${meant ? `did you mean ${meant}?` : `it takes ${known.join(', ')}`}`,
    );
  }
}

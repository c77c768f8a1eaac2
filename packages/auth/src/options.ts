import { KalshiAuthError } from './errors';
import { kindOf } from './message';

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
      `${where}(options): expected an object, got ${Array.isArray(options) ? 'an array' : kindOf(options)}`,
    );
  const unknown = unknownOption(options, [...known, ...passedOn], aliases);
  if (unknown)
    throw new KalshiAuthError(
      'invalid_argument',
      `${where}: ${unknown.key} is not an option; ${unknown.meant ? `did you mean ${unknown.meant}?` : `it takes ${known.join(', ')}`}`,
    );
}

/**
 * The first key of `input` that is none of `known`, shown at most 64 characters long, and the option it likely meant:
 * one spelt alike but for case and `_` (`post_only` for `postOnly`), or its entry in `aliases` (as given, or lower case
 * without `_`: `GTC` is `gtc`'s). Undefined when every
 * key is known. The one lookup behind the option checks of this package and of `@org/kalshi-client`, each refusing
 * with its own error.
 */
export function unknownOption(
  input: object,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
):
  | {
      /** The unknown key as given, cut to 64 characters (and `…`). */
      readonly key: string;
      /** The known option it likely meant, or undefined when none is alike. */
      readonly meant: string | undefined;
    }
  | undefined {
  const flat = (name: string) => name.toLowerCase().replaceAll('_', '');
  for (const key of Object.keys(input))
    if (!known.includes(key))
      return {
        key: key.length > 64 ? `${key.slice(0, 64)}…` : key,
        meant: known.find((name) => name === (aliases[key] ?? aliases[flat(key)]) || flat(name) === flat(key)),
      };
  return undefined;
}

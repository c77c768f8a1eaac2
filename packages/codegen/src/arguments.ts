import { closest, distance } from 'fastest-levenshtein';
import { CodegenError } from './errors';

/**
 * `generate`'s options, as the CLI's flags (`kalshi-codegen generate --spec … --with-schema`): the one table both
 * read. The library's option is the flag in camelCase (`--with-schema` → `withSchema`).
 */
export const GENERATE_FLAGS = {
  spec: { type: 'string' },
  out: { type: 'string' },
  'with-schema': { type: 'boolean' },
  asyncapi: { type: 'string' },
} as const;

/** A flag's library name: `with-schema` → `withSchema`. */
export const optionOfFlag = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** What a value is, never the value (it may be a long spec text). */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a${/^[aeiou]/.test(typeof value) ? 'n' : ''} ${typeof value}`;
}

/** `where`'s argument `name` as an options object, else a bad_arguments CodegenError naming it. */
export function checkedObject<T>(where: string, name: string, value: T, expected: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CodegenError('bad_arguments', `${where}: ${name}: expected ${expected}, got ${kindOf(value)}`);
  return value;
}

/**
 * Refuses a key `options` does not take, naming it and the option meant when the name differs only in case,
 * underscores or a plural `s` (`withSchemas`, `asyncApi`): a misspelt option was skipped without a word.
 */
export function checkKnownKeys(where: string, options: object, known: readonly string[]): void {
  const flat = (name: string) => name.toLowerCase().replaceAll(/[-_]/g, '');
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const meant = known.find((name) => [flat(name), `${flat(name)}s`].includes(flat(key)));
    throw new CodegenError(
      'bad_arguments',
      `${where}: ${key.length > 64 ? `${key.slice(0, 64)}…` : key} is not an option; ${meant ? `did you mean ${meant}?` : `it takes ${known.join(', ')}`}`,
    );
  }
}

/** Each option of `options` given a value of the type `types` says (`optional` ones may be left undefined). */
export function checkTypes(
  where: string,
  options: Readonly<Record<string, unknown>>,
  types: Readonly<Record<string, 'string' | 'boolean' | 'object'>>,
  optional: readonly string[],
): void {
  for (const [name, type] of Object.entries(types)) {
    const value = options[name];
    if (value === undefined && optional.includes(name)) continue;
    const fits =
      type === 'object'
        ? typeof value === 'object' && value !== null && !Array.isArray(value)
        : typeof value === type && value !== '';
    if (!fits)
      throw new CodegenError(
        'bad_arguments',
        `${where}: ${name}: ${value === undefined ? 'is required' : `expected ${type === 'boolean' ? 'a boolean (true or false)' : type === 'string' ? 'a non-empty string' : 'an object'}, got ${value === '' ? 'an empty string' : kindOf(value)}`}`,
      );
  }
}

/**
 * `; did you mean "--spec"?` for a near miss (at most a third of the name's characters off) or the start of one name
 * only, else nothing: kalshi-mock's rule (its `suggestion`), kept here because neither package can import the other
 * at run time (the mock's build runs this CLI; this package is only the mock's build-time dependency).
 */
export function suggestion(given: string, names: readonly string[]): string {
  const name = given.slice(0, 200);
  const near = closest(name, [...names]);
  if (distance(name, near) <= Math.max(1, Math.ceil(name.length / 3))) return `; did you mean "${near}"?`;
  const longer = name.length >= 3 ? names.filter((n) => n.startsWith(name)) : [];
  return longer.length === 1 ? `; did you mean "${longer[0]}"?` : '';
}

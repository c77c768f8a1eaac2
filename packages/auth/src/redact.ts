// Objects that hold key material show `[REDACTED]` instead of it in util.inspect, console.log and JSON.stringify.

/** What secrets are replaced with in errors and `util.inspect` output. */
export const REDACTED = '[REDACTED]';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes `util.inspect` (and `console.log`) of `target` show `label` and its fields with `[REDACTED]` in place of each
 * of `secretNames`. The properties themselves stay as they are: an object whose secret must survive a spread or
 * `JSON.stringify` (the mock's credentials, passed on to `createKalshiClient` and written to `--credentials-out`) keeps
 * it there, and only printing it hides it.
 */
export function redactInspection<T extends object>(target: T, secretNames: readonly string[], label: string): T {
  const visible = () => ({ ...target, ...Object.fromEntries(secretNames.map((name) => [name, REDACTED])) });
  Object.defineProperty(target, inspectSymbol, {
    value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) =>
      `${label} ${inspect(visible(), options)}`,
    enumerable: false,
  });
  return target;
}

/**
 * Defines `secret` on `target` as a non-enumerable property (skipped by JSON.stringify, Object.keys and spreads)
 * and makes inspection and JSON show the public fields plus `[REDACTED]` in its place.
 */
export function redactSecret<T extends object>(target: T, secretName: string, secret: unknown, label: string): T {
  Object.defineProperty(target, secretName, { value: secret, enumerable: false });
  Object.defineProperty(target, 'toJSON', { value: () => ({ ...target, [secretName]: REDACTED }), enumerable: false });
  return redactInspection(target, [secretName], label);
}

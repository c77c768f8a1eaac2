// Objects that hold key material show `[REDACTED]` instead of it in util.inspect, console.log and JSON.stringify.

/** What secrets are replaced with in errors and `util.inspect` output. */
export const REDACTED = '[REDACTED]';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Defines `secret` on `target` as a non-enumerable property (skipped by JSON.stringify, Object.keys and spreads)
 * and makes inspection and JSON show the public fields plus `[REDACTED]` in its place.
 */
export function redactSecret<T extends object>(target: T, secretName: string, secret: unknown, label: string): T {
  Object.defineProperty(target, secretName, { value: secret, enumerable: false });
  const visible = () => ({ ...target, [secretName]: REDACTED });
  Object.defineProperty(target, 'toJSON', { value: visible, enumerable: false });
  Object.defineProperty(target, inspectSymbol, {
    value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) =>
      `${label} ${inspect(visible(), options)}`,
    enumerable: false,
  });
  return target;
}

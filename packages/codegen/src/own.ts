/**
 * `record[key]` when `key` is the record's own: a spec's names (an operationId `toString`, a field `constructor` or
 * `__proto__`) must not find what every object inherits.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * An optional environment variable: undefined when unset or empty, where there is no environment (a browser), and
 * where reading it is denied (Deno without `--allow-env` throws NotCapable): a setting nobody asked for from the
 * environment must not stop a client that needs nothing from it.
 */
export function optionalEnv(name: string): string | undefined {
  try {
    return (typeof process === 'object' && process.env?.[name]) || undefined;
  } catch {
    return undefined;
  }
}

/** Every input problem the generator can report; `code` is stable, `file` names the input. */
export type CodegenErrorCode =
  | 'file_not_found'
  | 'file_unreadable'
  | 'invalid_yaml'
  | 'spec_too_large'
  | 'too_many_aliases'
  | 'not_openapi'
  | 'not_asyncapi'
  | 'invalid_spec'
  | 'unresolved_ref'
  | 'bad_arguments'
  /** `out` (the CLI's `--out`) cannot be created as a folder or written into. */
  | 'out_unwritable'
  /** A SIGINT or SIGTERM came while `out` was written: every file written was put back (the message names it). */
  | 'interrupted'
  /** The installed TypeScript is not a TypeScript 5 (openapi-typescript's peer; TypeScript 7 has no compiler API). */
  | 'unsupported_typescript';

/** A spec or argument problem, with a machine-readable `code` and a message naming the file or field. */
export class CodegenError extends Error {
  /** Always `'CodegenError'`. */
  override name = 'CodegenError';
  /** An error with a code, a message and, when a file is at fault, its name. */
  constructor(
    /** What kind of problem it is. */
    readonly code: CodegenErrorCode,
    message: string,
    /** The spec file (or URL) at fault, when there is one. */
    readonly file?: string,
    /**
     * For `interrupted`: the exit status a shell reports for a process the signal ended (128 + its number), which the
     * CLI exits with.
     */
    readonly exitCode?: number,
  ) {
    super(message);
  }
}

/**
 * What a file-system refusal says went wrong: Node's `code` (ENOENT, EACCES…), or for Deno's denied permission
 * (NotCapable), which carries no code, its name (as @org/kalshi-auth names a key file Deno denies). Undefined for
 * anything else: not a file-system refusal.
 */
export function fileErrorCode(error: unknown): string | undefined {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : name === 'NotCapable' ? name : undefined;
}

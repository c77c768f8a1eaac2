import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkedObject, checkKnownKeys, checkTypes, GENERATE_FLAGS, optionOfFlag } from './arguments';
import { assertAsyncApi3, renderAsyncApiModule } from './emit-asyncapi';
import { renderManifestModule } from './emit-manifest';
import { renderTypesModule } from './emit-types';
import { CodegenError, fileErrorCode } from './errors';
import { stringLiteral } from './literals';
import { type LoadedSpec, loadOpenApiSpec, readSpecFile } from './load-spec';
import { buildManifest } from './manifest';
import { holdingSignals, signalExitCode } from './signals';
import { loadTypeScript } from './typescript-version';
import { keyOpenApiTypescriptCannotRead } from './validate-spec';

/** Options of `generate`. */
export interface GenerateOptions {
  /** OpenAPI spec file (YAML or JSON). */
  readonly spec: string;
  /** Output folder; created if missing. */
  readonly out: string;
  /** Also write `openapi.json`, the whole spec as JSON (the mock validates requests with it). */
  readonly withSchema?: boolean;
  /** Also write `asyncapi.ts` from Kalshi's AsyncAPI (WebSocket) spec. */
  readonly asyncapi?: string;
}

/** What `generate` wrote. */
export interface GenerateResult {
  /** The paths of the files written (under `out`). */
  readonly files: readonly string[];
  /** The OpenAPI spec's `info.version`. */
  readonly specVersion: string;
  /** How many operations the manifest lists. */
  readonly operationCount: number;
}

/** Source files copied verbatim into the output, next to the generated ones. */
const RUNTIME_FILES = [
  'error-body.ts',
  'fixed-point.ts',
  'operation-info.ts',
  'rate-limits.ts',
  'stream-channels.ts',
  'stream-urls.ts',
];
const RUNTIME_DIR = new URL('../src/runtime/', import.meta.url);

/** Writes `openapi.ts`, `manifest.ts`, the runtime files (and `openapi.json`) into `out`. Same spec → same bytes. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  checkGenerateOptions(options);
  // Before reading anything: the types are rendered with openapi-typescript, which needs TypeScript 5.
  await loadTypeScript();
  const spec = await loadOpenApiSpec(options.spec);
  const asyncapi = options.asyncapi ? await loadAsyncApiSpec(options.asyncapi) : undefined;
  const files = await renderAll(spec, options.withSchema ?? false, asyncapi);
  await writeOut(options.out, files);
  const manifest = buildManifest(spec.document, spec.file);
  return {
    files: [...files.keys()].map((name) => join(options.out, name)),
    specVersion: manifest.specVersion,
    operationCount: manifest.operations.length,
  };
}

/**
 * The options the CLI's flags are (one table, GENERATE_FLAGS), refused before anything is read or written: a misspelt
 * `withSchemas` or `asyncApi` skipped openapi.json or asyncapi.ts without a word, and `withSchema: 'false'` (a string
 * from a config file) wrote openapi.json.
 */
function checkGenerateOptions(options: GenerateOptions): void {
  checkedObject('generate', 'options', options, '{ spec, out } (and withSchema, asyncapi)');
  const types = Object.fromEntries(
    Object.entries(GENERATE_FLAGS).map(([flag, { type }]) => [optionOfFlag(flag), type]),
  );
  checkKnownKeys('generate', options, Object.keys(types));
  checkTypes('generate', options as unknown as Record<string, unknown>, types, ['withSchema', 'asyncapi']);
}

/**
 * `mkdir -p` that ends: Node 20's `mkdir(dir, { recursive: true })` never settles where mkdir answers ENOENT under a
 * parent that exists (`/proc/x`: it makes the parent again and retries, forever). Here an ENOENT once the parent is
 * made is thrown. An existing directory (made by now by another run too) is kept; anything else there is EEXIST.
 */
async function makeDirectory(dir: string, parentMade = false): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const isDirectory = () =>
      stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
    if (code === 'EEXIST' && (await isDirectory())) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parentMade || parent === dir) throw error;
    await makeDirectory(parent);
    await makeDirectory(dir, true);
  }
}

/**
 * Creates `out` and writes the files into it. A file-system refusal is a CodegenError naming the `out` option (the
 * CLI's `--out`) and the path, with what was wrong in words, not Node's "EEXIST: file already exists, mkdir …".
 */
async function writeOut(out: string, files: Map<string, string>): Promise<void> {
  let path = out;
  // What each file held before (undefined: there was none), to put back if a later write fails: a half-written set
  // (openapi.ts from the new spec, manifest.ts from the old) would not match itself.
  const was = new Map<string, string | undefined>();
  const putBack = async () => {
    for (const [file, text] of was)
      await (text === undefined ? rm(file, { force: true }) : writeFile(file, text)).catch(() => {});
  };
  // A SIGINT (Ctrl-C) or SIGTERM while writing ended the process between two files, or inside one: held until the
  // write under way is done, then everything written is put back, as for a failed write (round 41, D).
  await holdingSignals(async (held) => {
    try {
      await makeDirectory(out);
      for (const [name, text] of files) {
        if (held()) break;
        path = join(out, name);
        // null: there, but not readable as a file (a folder in its place): left as it is.
        const before = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) =>
          e?.code === 'ENOENT' ? undefined : null,
        );
        if (before !== null) was.set(path, before);
        await writeFile(path, text);
      }
    } catch (error) {
      await putBack();
      const code = fileErrorCode(error);
      if (code === undefined) throw error;
      const why =
        code === 'EEXIST' && path === out
          ? 'is a file, not a directory'
          : code === 'ENOTDIR'
            ? 'a part of it is a file, not a directory'
            : code === 'EISDIR'
              ? 'is a directory, not a file'
              : code === 'EACCES' || code === 'EPERM' || code === 'NotCapable'
                ? `permission denied (${code})`
                : `cannot be written (${code})`;
      throw new CodegenError('out_unwritable', `out: "${path}"${why.startsWith('is ') ? ' ' : ': '}${why}`, out);
    }
    const signal = held();
    if (signal) {
      await putBack();
      throw new CodegenError(
        'interrupted',
        `out: "${out}": interrupted by ${signal}; nothing was written (the files written were put back)`,
        out,
        signalExitCode(signal),
      );
    }
  });
}

/** Renders every output file in memory, keyed by file name. */
export async function renderAll(
  spec: LoadedSpec,
  withSchema: boolean,
  asyncapi?: LoadedSpec,
): Promise<Map<string, string>> {
  const header = headerFor(spec);
  const files = new Map<string, string>();
  files.set('openapi.ts', await refusedAs(spec, () => renderTypesModule(spec.document, header)));
  files.set('manifest.ts', renderManifestModule(buildManifest(spec.document, spec.file), header, spec.file));
  for (const name of RUNTIME_FILES) files.set(name, header + (await readFile(new URL(name, RUNTIME_DIR), 'utf8')));
  if (withSchema) files.set('openapi.json', `${JSON.stringify(spec.document)}\n`);
  if (asyncapi)
    files.set(
      'asyncapi.ts',
      await refusedAs(asyncapi, () => renderAsyncApiModule(asyncapi.document, headerFor(asyncapi), asyncapi.file)),
    );
  return files;
}

/**
 * openapi-typescript's own refusals (Redocly's "Every operation must have a unique operationId", …) as a CodegenError;
 * a key it cannot read (a field `valueOf`) is named by its JSON pointer, with what to do.
 */
async function refusedAs({ file, document }: LoadedSpec, render: () => Promise<string>): Promise<string> {
  try {
    return await render();
  } catch (error) {
    if (error instanceof CodegenError) throw error;
    const key = keyOpenApiTypescriptCannotRead(document);
    if (key)
      throw new CodegenError(
        'invalid_spec',
        `${file}: ${key.pointer}: openapi-typescript cannot generate types from a spec with a key named "${key.name}"` +
          ' (its parser takes it for the method every JavaScript object has); rename it in a copy of the spec to' +
          ' generate (diff reads it as it is)',
        file,
      );
    const reason = String((error as Error)?.message ?? error).split('\n')[0];
    throw new CodegenError(
      'invalid_spec',
      `${file}: openapi-typescript cannot generate types from it: ${reason}`,
      file,
    );
  }
}

/**
 * The first line of every generated file. The spec's title and version are written as escaped literals: one holding a
 * line break or U+2028 ended the comment and the rest ran as code on import (attack round 24, A1). A version of
 * letters, digits, dots, `+`, `-` and `_` (every real one) is written bare.
 */
function headerFor(spec: LoadedSpec): string {
  const info = (spec.document.info ?? {}) as { title?: unknown; version?: unknown };
  const version = String(info.version);
  return (
    `// Generated by @org/kalshi-codegen from ${stringLiteral(String(info.title), '"')} ${/^[\w.+-]+$/.test(version) ? version : stringLiteral(version, '"')}` +
    ` (sha256 ${spec.sha256}). Do not edit: regenerate with \`kalshi-codegen generate\`.\n\n`
  );
}

/** Loads and validates an AsyncAPI 3.x spec file. */
export async function loadAsyncApiSpec(file: string): Promise<LoadedSpec> {
  const spec = await readSpecFile(file);
  assertAsyncApi3(spec.document, spec.file);
  return spec;
}

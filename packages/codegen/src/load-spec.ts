import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { CodegenError } from './errors';
import { findUnresolvedRefs } from './refs';

/** A parsed spec document plus what identifies it. */
export interface LoadedSpec {
  readonly file: string;
  readonly text: string;
  readonly sha256: string;
  readonly document: Record<string, unknown>;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads a YAML or JSON spec file. Errors name the file and, for YAML, the line and column. */
export async function readSpecFile(file: string): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CodegenError('file_not_found', `${file}: spec file not found`, file);
    throw new CodegenError('file_unreadable', `${file}: cannot read spec file (${code ?? 'unknown error'})`, file);
  }
  return { file, text, sha256: sha256(text), document: parseSpecText(text, file) };
}

/** Parses YAML (a superset of JSON) into a plain object. */
export function parseSpecText(text: string, file = '<spec>'): Record<string, unknown> {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true });
  const [first] = doc.errors;
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `:${pos.line}:${pos.col}` : '';
    const reason = first.message.split('\n')[0];
    throw new CodegenError('invalid_yaml', `${file}${where}: invalid YAML: ${reason}`, file);
  }
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CodegenError('not_openapi', `${file}: expected a mapping at the top level`, file);
  }
  return value as Record<string, unknown>;
}

/** Checks that a document is OpenAPI 3.x with paths and that every local $ref resolves. */
export function assertOpenApi3(document: Record<string, unknown>, file = '<spec>'): void {
  const version = document.openapi;
  if (typeof version !== 'string' || !/^3\.\d+/.test(version)) {
    const found =
      version === undefined
        ? document.swagger
          ? `swagger ${String(document.swagger)}`
          : 'no "openapi" field'
        : `openapi ${String(version)}`;
    throw new CodegenError('not_openapi', `${file}: not an OpenAPI 3.x document (${found})`, file);
  }
  if (!document.paths || typeof document.paths !== 'object') {
    throw new CodegenError('not_openapi', `${file}: OpenAPI document has no "paths" object`, file);
  }
  assertRefsResolve(document, file);
}

export function assertRefsResolve(document: Record<string, unknown>, file = '<spec>'): void {
  const [missing] = findUnresolvedRefs(document);
  if (missing) {
    throw new CodegenError('unresolved_ref', `${file}: unresolved $ref "${missing.ref}" at ${missing.at}`, file);
  }
}

/** Loads and validates an OpenAPI 3.x spec file. */
export async function loadOpenApiSpec(file: string): Promise<LoadedSpec> {
  const spec = await readSpecFile(file);
  assertOpenApi3(spec.document, file);
  return spec;
}

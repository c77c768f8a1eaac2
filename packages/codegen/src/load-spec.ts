import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { type Document, isAlias, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { CodegenError, fileErrorCode } from './errors';
import { findUnresolvedRefs } from './refs';
import { assertOpenApiStructure } from './validate-spec';
import { expandedSize } from './yaml-size';

/** A parsed spec document plus what identifies it. */
export interface LoadedSpec {
  /** The file path or URL it was read from (as shown in errors). */
  readonly file: string;
  /** The file's text as read. */
  readonly text: string;
  /** The SHA-256 of the text, lowercase hex. */
  readonly sha256: string;
  /** The parsed YAML or JSON document. */
  readonly document: Record<string, unknown>;
}

/** Kalshi's specs are under 0.5 MB; anything this large is not a spec we should hold in memory. */
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;
/**
 * The most nodes a YAML spec may hold once its aliases are expanded: guards against alias bombs ("billion laughs")
 * without refusing a spec that reuses a scalar a few hundred times. Kalshi's 3.31.0 holds about 18,000.
 */
export const MAX_YAML_NODES = 1_000_000;

/** The hex SHA-256 of a text or bytes (the spec locks record it). */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads a YAML or JSON spec from a file or an http(s) URL. Errors name it and, for YAML, the line and column. */
export async function readSpecFile(file: string): Promise<LoadedSpec> {
  // The scheme in any case (`HTTP://` is a URL too, not a file path to echo whole).
  if (/^https?:\/\//i.test(file)) {
    const name = checkedSpecUrl(file);
    const text = await download(file, name);
    return { file: name, text, sha256: sha256(text), document: parseSpecText(text, name) };
  }
  let text: string;
  try {
    assertSize((await stat(file)).size, file);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof CodegenError) throw error;
    const code = fileErrorCode(error);
    if (code === 'ENOENT') throw new CodegenError('file_not_found', `${file}: spec file not found`, file);
    throw new CodegenError('file_unreadable', `${file}: cannot read spec file (${code ?? 'unknown error'})`, file);
  }
  return { file, text, sha256: sha256(text), document: parseSpecText(text, file) };
}

/** Parses YAML (a superset of JSON) into a plain object. */
export function parseSpecText(text: string, file = '<spec>'): Record<string, unknown> {
  assertSize(Buffer.byteLength(text), file);
  // YAML 1.2 requires a mapping's keys to be unique; the library's own check (uniqueKeys, on by default) refuses a
  // second `/exchange/status:` or `operationId:` (a bad merge) instead of the last one silently winning.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter });
  const [first] = doc.errors;
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `:${pos.line}:${pos.col}` : '';
    const reason = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    const key = first.code === 'DUPLICATE_KEY' ? duplicateKey(doc, first.pos[0]) : undefined;
    const what = key === undefined ? reason : `${reason}: "${key}" appears twice`;
    throw new CodegenError('invalid_yaml', `${file}${where}: invalid YAML: ${what}`, file);
  }
  // The library only throws for an alias with no anchor before it (`*op` above `&op`, or none at all) when converting
  // to JS, as a ReferenceError with a stack: refused here like any other YAML error.
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return;
      const pos = alias.range ? lineCounter.linePos(alias.range[0]) : undefined;
      const where = pos ? `:${pos.line}:${pos.col}` : '';
      throw new CodegenError(
        'invalid_yaml',
        `${file}${where}: invalid YAML: unresolved alias *${alias.source} (its anchor &${alias.source} must come before it)`,
        file,
      );
    },
  });
  const size = expandedSize(doc, MAX_YAML_NODES);
  if (size > MAX_YAML_NODES)
    throw new CodegenError(
      'too_many_aliases',
      `${file}: YAML aliases expand too much (more than ${MAX_YAML_NODES.toLocaleString('en-US')} nodes, an alias bomb); refusing to load it`,
      file,
    );
  // The size is bounded above, so the yaml library's own alias-count heuristic (which refuses 101 uses of one
  // scalar) is off.
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CodegenError('not_openapi', `${file}: expected a mapping at the top level`, file);
  }
  const info = (value as { info?: unknown }).info;
  const version = versionAsWritten(doc);
  if (version !== undefined && info !== null && typeof info === 'object')
    (info as { version: string }).version = version;
  return value as Record<string, unknown>;
}

/**
 * `info.version` of a spec's text as written (see versionAsWritten), or 'unknown' when the text is no YAML or states
 * none: what the root spec scripts (spec:sync, spec:check, spec:update) compare with and write into a lock. Never
 * throws: they name a spec that does not parse by its hash.
 */
export function specVersion(text: string): string {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length > 0) return 'unknown';
    const info = (doc.toJS() as { info?: { version?: unknown } } | null)?.info;
    return versionAsWritten(doc) ?? String(info?.version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/**
 * `info.version` as written when YAML reads it as a number: OpenAPI and AsyncAPI make it a string, but a bare
 * `version: 3.40` is the number 3.4, which the lock and the manifest wrote as "3.4" and spec:update took for a
 * downgrade from 3.31.0 (round 34, K1).
 */
function versionAsWritten(doc: Document): string | undefined {
  const node = doc.getIn(['info', 'version'], true);
  const scalar = isAlias(node) ? node.resolve(doc) : node;
  return isScalar(scalar) && typeof scalar.value === 'number' ? scalar.source : undefined;
}

/** The key of the map entry whose key starts at `offset` (the second of a duplicated pair), as written. */
function duplicateKey(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return;
      found = String(pair.key.source ?? pair.key.value);
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * A spec URL as messages name it: without its user name, password, query and fragment, which hold secrets (a
 * `?token=`) that CI logs would keep (attack round 24, A8; `kalshi-mock capture` leaves them out the same way).
 */
export function specUrlName(url: string): string {
  if (!URL.canParse(url)) return `${url.slice(0, url.indexOf(':'))}://… (not a valid URL)`;
  const parsed = new URL(url);
  const hidden = `${parsed.search ? '?…' : ''}${parsed.hash ? '#…' : ''}`;
  parsed.username = parsed.password = parsed.search = parsed.hash = '';
  return `${parsed.href}${hidden}`;
}

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: where plain http cannot be read or rewritten on the way. */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

/** Why a URL may not be the spec's source, or undefined: plain http is rewritable by anyone on the path. */
function insecureReason(url: URL): string | undefined {
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return undefined;
  return (
    'plain http:// to a host that is not loopback: anyone on the network path can rewrite the spec, and the code' +
    ' generated from it runs in your app; use https://, or download the file and pass its path'
  );
}

/**
 * The spec URL's name for messages (specUrlName), once it is known to be one to download: it parses, carries no user
 * name or password (fetch refuses them, quoting the password in its error), and is https or a loopback http.
 */
function checkedSpecUrl(url: string): string {
  const name = specUrlName(url);
  if (!URL.canParse(url)) throw new CodegenError('file_unreadable', `${name}: cannot be parsed`, name);
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    throw new CodegenError(
      'file_unreadable',
      `${name}: has a user name or password, which the download does not send; download the file and pass its path`,
      name,
    );
  const insecure = insecureReason(parsed);
  if (insecure) throw new CodegenError('file_unreadable', `${name}: ${insecure}`, name);
  return name;
}

async function download(url: string, name: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CodegenError(
      'file_unreadable',
      `${name}: cannot download the spec (${reason.replaceAll(url, name)})`,
      name,
    );
  }
  // fetch follows a redirect from https to plain http: the spec read must come over https all the way.
  const insecure = URL.canParse(response.url) ? insecureReason(new URL(response.url)) : undefined;
  if (insecure) {
    await response.body?.cancel();
    throw new CodegenError('file_unreadable', `${name}: redirected to ${specUrlName(response.url)}, ${insecure}`, name);
  }
  if (!response.ok)
    throw new CodegenError('file_unreadable', `${name}: download failed with HTTP ${response.status}`, name);
  assertSize(Number(response.headers.get('content-length') ?? 0), name);
  return await response.text();
}

function assertSize(bytes: number, file: string): void {
  if (bytes > MAX_SPEC_BYTES)
    throw new CodegenError(
      'spec_too_large',
      `${file}: spec is ${(bytes / 1024 / 1024).toFixed(1)} MB, over the ${MAX_SPEC_BYTES / 1024 / 1024} MB limit`,
      file,
    );
}

/**
 * Checks that a document is OpenAPI 3.x with paths, that every local $ref resolves, and the structure the generator
 * relies on (see validate-spec.ts): everything openapi-typescript would refuse is refused here with a message.
 */
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
  assertOpenApiStructure(document, file);
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
  assertOpenApi3(spec.document, spec.file);
  return spec;
}

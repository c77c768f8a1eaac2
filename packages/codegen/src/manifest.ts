import { listOperations, type SpecOperation } from './operations';
import type { OperationInfo, RetryPolicy } from './runtime/operation-info';

export type { OperationInfo, RetryPolicy };

import { CodegenError } from './errors';
import { deref, pointerKey } from './refs';
import { retryPolicyOf } from './retry-policies';
import { flatten } from './schema-diff';

/** The operation manifest: the spec's version, each operation's facts and the server URLs. */
export interface Manifest {
  /** The spec's `info.version` (`unknown` when it has none). */
  readonly specVersion: string;
  /** One entry per operation of the spec. */
  readonly operations: readonly OperationInfo[];
  /** The spec's server URLs, split by whether the URL or description says `demo`. */
  readonly servers: {
    /** Server URLs that are not demo ones, in spec order. */
    readonly production: readonly string[];
    /** Server URLs whose URL or description mentions `demo` (any case), in spec order. */
    readonly demo: readonly string[];
  };
}

type Doc = Record<string, unknown>;

/** Builds the operation manifest from an OpenAPI document; `file` names it in errors. */
export function buildManifest(document: Doc, file = '<spec>'): Manifest {
  const info = (document.info ?? {}) as { version?: unknown };
  return {
    specVersion: String(info.version ?? 'unknown'),
    operations: listOperations(document).map((op) => describeOperation(document, op, file)),
    servers: classifyServers(document),
  };
}

function describeOperation(document: Doc, op: SpecOperation, file: string): OperationInfo {
  // OpenAPI makes operationId optional, but the client calls operations by it: an id derived from METHOD + path
  // would be no stable name (and could not be written in a manifest row), so such a spec is refused.
  if (typeof op.operation.operationId !== 'string')
    throw new CodegenError(
      'invalid_spec',
      `${file}: /paths/${pointerKey(op.path)}/${op.method}: ${op.method.toUpperCase()} ${op.path} has no operationId (the client calls operations by operationId: add one)`,
      file,
    );
  const tags = Array.isArray(op.operation.tags) ? op.operation.tags.map(String) : [];
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    tags,
    auth: authOf(op.operation.security ?? document.security),
    bearer: acceptsBearer(document, op.operation.security ?? document.security),
    deprecated: op.operation.deprecated === true,
    objectBody: answersObject(document, op),
    optionalBody: takesOptionalJson(document, op),
    query: op.parameters.flatMap((p) => (p.in === 'query' ? String(p.name) : [])),
    ...bodyFieldsOf(document, op),
    pagination: paginationOf(document, op, file),
    retry: retryPolicyOf(op.operationId, op.method),
  };
}

/** Whether every 2xx response the spec declares has a JSON object body (a 204, or a 200 without content, has none). */
function answersObject(document: Doc, op: SpecOperation): boolean {
  const responses = Object.entries((op.operation.responses ?? {}) as Record<string, unknown>);
  const success = responses.filter(([status]) => /^2/.test(status));
  return (
    success.length > 0 &&
    success.every(([, response]) => {
      const content = (deref(document, response)?.content ?? {}) as Record<string, { schema?: unknown }>;
      const schema = content['application/json']?.schema;
      if (schema === undefined) return false;
      const flat = flatten(document, schema);
      return flat.type === 'object' || flat.properties !== undefined;
    })
  );
}

/**
 * `{ body }`: the top-level fields of the JSON request body, when its schema (allOf merged) lists properties and takes
 * no other (no `additionalProperties`, `oneOf` or `anyOf`); else nothing, and the body goes unchecked. `bodyItems`:
 * for a field that is a list of such objects (a batch's `orders`), their fields.
 */
function bodyFieldsOf(document: Doc, op: SpecOperation): Pick<OperationInfo, 'body' | 'bodyItems'> {
  const content = (deref(document, op.operation.requestBody)?.content ?? {}) as Record<string, { schema?: unknown }>;
  const schema = content['application/json']?.schema;
  const properties = schema === undefined ? undefined : closedProperties(document, schema);
  if (!properties) return {};
  // From entries, not assigned: a field named `__proto__` stays a field (assigned, it set the prototype).
  const items = Object.fromEntries(
    Object.entries(properties).flatMap(([name, property]) => {
      const list = flatten(document, property);
      const fields = list.items === undefined ? undefined : closedProperties(document, list.items);
      return fields ? [[name, Object.keys(fields)] as const] : [];
    }),
  );
  const body = Object.keys(properties);
  return Object.keys(items).length ? { body, bodyItems: items } : { body };
}

/** The properties of an object schema that takes no others, or undefined (none listed, or open). */
function closedProperties(document: Doc, schema: unknown): Record<string, unknown> | undefined {
  const flat = flatten(document, schema);
  const open = ['additionalProperties', 'oneOf', 'anyOf'].some((key) => flat[key] !== undefined && flat[key] !== false);
  const properties = (flat.properties ?? {}) as Record<string, unknown>;
  return open || Object.keys(properties).length === 0 ? undefined : properties;
}

/** Whether the operation's request body is JSON and not required (OpenAPI's `required` defaults to false). */
function takesOptionalJson(document: Doc, op: SpecOperation): boolean {
  const body = deref(document, op.operation.requestBody);
  return body?.required !== true && (body?.content as Doc | undefined)?.['application/json'] !== undefined;
}

function authOf(security: unknown): OperationInfo['auth'] {
  if (!Array.isArray(security) || security.length === 0) return 'none';
  // An empty requirement object means "no auth" is one of the alternatives.
  const anonymousAllowed = security.some((req) => req && typeof req === 'object' && Object.keys(req).length === 0);
  return anonymousAllowed ? 'optional' : 'required';
}

/**
 * Whether one alternative of `security` is a bearer token alone: every scheme it names is `type: http, scheme:
 * bearer` (Kalshi's `kalshiOauthAccessToken`). A requirement naming a bearer scheme and another needs both.
 */
function acceptsBearer(document: Doc, security: unknown): boolean {
  const schemes = ((document.components as Doc | undefined)?.securitySchemes ?? {}) as Doc;
  const isBearer = (name: string) => {
    const scheme = deref(document, schemes[name]);
    return scheme?.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer';
  };
  return (
    Array.isArray(security) &&
    security.some((req) => {
      const names = req && typeof req === 'object' ? Object.keys(req) : [];
      return names.length > 0 && names.every(isBearer);
    })
  );
}

function paginationOf(document: Doc, op: SpecOperation, file: string): OperationInfo['pagination'] {
  const takesCursor = op.parameters.some((p) => p.in === 'query' && p.name === 'cursor');
  if (!takesCursor) return null;
  const responses = (op.operation.responses ?? {}) as Record<string, unknown>;
  const success = deref(document, responses['200'] ?? responses['201']);
  const content = (success?.content ?? {}) as Record<string, { schema?: unknown }>;
  // allOf parts are merged: a response written as `allOf: [Page, {markets: …}]` pages the same way.
  const schema = flatten(document, content['application/json']?.schema);
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const names = Object.keys(properties);
  const cursorField = names.find((n) => n === 'cursor' || n === 'next_cursor') ?? 'cursor';
  // The first array property holds the page's items (positions also carry a secondary `event_positions`).
  const itemsField = names.find((n) => flatten(document, properties[n]).type === 'array');
  if (!itemsField)
    throw new CodegenError(
      'invalid_spec',
      `${file}: ${op.method.toUpperCase()} ${op.path} (${op.operationId}) takes a "cursor" query parameter but its ` +
        'success response has no array field to page through',
      file,
    );
  const required = (schema.required ?? []) as string[];
  return required.includes(itemsField) ? { cursorField, itemsField } : { cursorField, itemsField, itemsOptional: true };
}

/** The spec's server URLs by environment (a URL or description naming "demo" is demo), in the spec's order. */
export function classifyServers(document: Doc): Manifest['servers'] {
  const production: string[] = [];
  const demo: string[] = [];
  for (const server of (document.servers ?? []) as { url?: unknown; description?: unknown }[]) {
    if (typeof server.url !== 'string') continue;
    const isDemo = /demo/i.test(server.url) || /demo/i.test(String(server.description ?? ''));
    (isDemo ? demo : production).push(server.url);
  }
  return { production, demo };
}

import { fillErrorContent } from './error-content';
import { loadOpenApiTypescript, loadTypeScript } from './typescript-version';

/**
 * Kalshi's fixed-point string schemas, typed as template literals (`${number}`) rather than bare `string`, so a
 * number or a word is a compile error while `"0.5600"` and `"10"` type-check without casts.
 */
const FIXED_POINT_SCHEMAS: Record<string, string> = {
  '#/components/schemas/FixedPointDollars': 'FixedPointDollars',
  '#/components/schemas/FixedPointCount': 'FixedPointCount',
};

/** Renders `openapi.ts` (`paths`, `components`, `operations`) with openapi-typescript. */
export async function renderTypesModule(document: Record<string, unknown>, header: string): Promise<string> {
  // A copy: the manifest and openapi.json are built from the spec as it is.
  const typed = structuredClone(document);
  fillErrorContent(typed);
  const { default: openapiTS, astToString } = await loadOpenApiTypescript();
  const ts = await loadTypeScript();
  const nodes = await openapiTS(typed as unknown as Parameters<typeof openapiTS>[0], {
    // Kalshi's spec is the source of truth for shapes; optional fields stay optional, unknown keys are not allowed.
    alphabetize: false,
    // openapi-typescript 7 defaults to true: a property with a `default` that is not in `required` became required
    // in `$ref`'d schemas, so `CreateOrderGroupRequest.exchange_index` ("Defaults to 0") had to be sent. A default
    // is what the server assumes when the field is left out, so it stays optional in request bodies. In responses a
    // field outside `required` may be absent on the wire, default or not, so it is optional there too (spec 3.31.0
    // has no such response field; only request schemas changed).
    defaultNonNullable: false,
    silent: true,
    transform(_schema, { path }) {
      const alias = path ? FIXED_POINT_SCHEMAS[path] : undefined;
      return alias ? ts.factory.createTypeReferenceNode(alias) : undefined;
    },
  });
  const imports = "import type { FixedPointCount, FixedPointDollars } from './fixed-point.js';\n\n";
  const body = markDeprecatedOperations(
    astToString(nodes)
      .replace(/^export interface paths \{/m, `/** Every path of the API and its operations, by HTTP method. */\n$&`)
      .replace(/^export interface components \{/m, `/** The spec's schemas, parameters and responses. */\n$&`)
      .replace(
        /^export interface operations \{/m,
        `/** Every operation by operationId: its parameters, body and responses. */\n$&`,
      ),
    document,
  );
  return `${header}${imports}export type { FixedPointCount, FixedPointDollars };\n\n${body}`;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * openapi-typescript marks deprecated operations under `paths` and deprecated fields, but not the entries of the
 * `operations` interface (keyed by operationId): those get `@deprecated` here, so `operations['GetQuote']` is struck
 * through in editors too.
 */
function markDeprecatedOperations(body: string, document: Record<string, unknown>): string {
  const deprecated = new Set<string>();
  for (const item of Object.values((document.paths ?? {}) as Record<string, Record<string, unknown>>))
    for (const method of METHODS) {
      const op = item?.[method] as { operationId?: string; deprecated?: boolean } | undefined;
      if (op?.deprecated === true && op.operationId) deprecated.add(op.operationId);
    }
  const start = body.indexOf('export interface operations {');
  if (start < 0 || deprecated.size === 0) return body;
  const marked = body
    .slice(start)
    .replace(/^ {4}([A-Za-z0-9_$]+): \{$/gm, (line, id: string) =>
      deprecated.has(id) ? `    /** @deprecated Kalshi's spec marks this operation deprecated. */\n${line}` : line,
    );
  return body.slice(0, start) + marked;
}

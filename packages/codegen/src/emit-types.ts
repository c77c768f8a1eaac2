import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

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
  const nodes = await openapiTS(structuredClone(document) as unknown as Parameters<typeof openapiTS>[0], {
    // Kalshi's spec is the source of truth for shapes; optional fields stay optional, unknown keys are not allowed.
    alphabetize: false,
    silent: true,
    transform(_schema, { path }) {
      const alias = path ? FIXED_POINT_SCHEMAS[path] : undefined;
      return alias ? ts.factory.createTypeReferenceNode(alias) : undefined;
    },
  });
  const imports = "import type { FixedPointCount, FixedPointDollars } from './fixed-point';\n\n";
  const body = astToString(nodes)
    .replace(/^export interface paths \{/m, `/** Every path of the API and its operations, by HTTP method. */\n$&`)
    .replace(/^export interface components \{/m, `/** The spec's schemas, parameters and responses. */\n$&`)
    .replace(
      /^export interface operations \{/m,
      `/** Every operation by operationId: its parameters, body and responses. */\n$&`,
    );
  return `${header}${imports}export type { FixedPointCount, FixedPointDollars };\n\n${body}`;
}

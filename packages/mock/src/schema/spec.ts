import { findOperation, type OperationInfo, operations } from '../generated/manifest';
import specDocument from '../generated/openapi.json';

// biome-ignore lint/suspicious/noExplicitAny: the spec is walked generically
export type SchemaObject = Record<string, any>;

export const spec = specDocument as unknown as {
  paths: Record<string, Record<string, SchemaObject>>;
  components: { schemas: Record<string, SchemaObject>; parameters: Record<string, SchemaObject> };
};

export const allOperations: readonly OperationInfo[] = Object.values(operations);
export { findOperation };

/** Follows a local `$ref` ("#/components/schemas/Market"). */
export function resolveRef<T = SchemaObject>(node: unknown): T {
  let current = node as SchemaObject;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 16; hops++) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce(
        (obj: SchemaObject, key: string) => obj?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        spec as SchemaObject,
      );
  }
  return current as T;
}

export function operationObject(op: OperationInfo): SchemaObject {
  return spec.paths[op.path]?.[op.method] ?? {};
}

/** Path-level and operation-level parameters, resolved. */
export function parametersOf(op: OperationInfo): SchemaObject[] {
  const item = spec.paths[op.path] ?? {};
  const all = [...((item.parameters ?? []) as unknown[]), ...((operationObject(op).parameters ?? []) as unknown[])].map(
    (p) => resolveRef(p),
  );
  const byKey = new Map(all.map((p) => [`${p.in}:${p.name}`, p]));
  return [...byKey.values()];
}

/** The JSON schema of the request body, if any. */
export function requestBodySchema(op: OperationInfo): SchemaObject | undefined {
  const body = resolveRef(operationObject(op).requestBody);
  return body?.content?.['application/json']?.schema;
}

/** The success status and its JSON schema (undefined schema: no body, e.g. 204). */
export function successResponse(op: OperationInfo): { status: number; schema: SchemaObject | undefined } {
  const responses = operationObject(op).responses ?? {};
  const status = Object.keys(responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
  const response = resolveRef(responses[status]);
  return { status: Number(status), schema: response?.content?.['application/json']?.schema };
}

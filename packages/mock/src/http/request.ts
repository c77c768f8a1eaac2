import { badRequest, exchangeError, parameterValidationFailed } from '../exchange/errors';
import type { OperationInfo } from '../generated/manifest';
import { parametersOf, requestBodySchema, resolveRef, type SchemaObject } from '../schema/spec';
import { describeErrors, escapePointer, validatorAt, validatorFor } from '../schema/validate';

export type Query = Record<string, unknown>;

/** Query parameters typed by their schemas (arrays from repeats or commas), then validated like Kalshi's gateway. */
export function parseQuery(op: OperationInfo, url: URL): Query {
  const params = parametersOf(op).filter((p) => p.in === 'query');
  const query: Query = {};
  const properties: Record<string, SchemaObject> = {};
  const required: string[] = [];
  for (const param of params) {
    properties[param.name] = param.schema ?? {};
    if (param.required) required.push(param.name);
    const raw = url.searchParams.getAll(param.name);
    if (raw.length === 0) continue;
    query[param.name] = coerce(resolveRef(param.schema ?? {}), raw);
  }
  const validate = validatorFor(`query:${op.operationId}`, { type: 'object', properties, required });
  if (!validate(query)) throw parameterValidationFailed(op.operationId, describeErrors(validate));
  return query;
}

function coerce(schema: SchemaObject, raw: string[]): unknown {
  const type = schema.type ?? resolveRef(schema.allOf?.[0] ?? {}).type;
  if (type === 'array') {
    const itemType = resolveRef(schema.items ?? {}).type;
    return raw
      .flatMap((v) => v.split(','))
      .filter(Boolean)
      .map((v) => coerce({ type: itemType }, [v]));
  }
  const value = raw[0] ?? '';
  if (type === 'integer' || type === 'number')
    return value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/**
 * The JSON body, validated against the operation's schema. JSON type mismatches get Kalshi's flat `bad_request`
 * (Go unmarshal wording); other violations a nested 400 `invalid_parameters` naming the field.
 */
export async function parseBody(op: OperationInfo, request: Request): Promise<unknown> {
  const schema = requestBodySchema(op);
  if (!schema) return undefined;
  const text = await request.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw badRequest('invalid character in request body: not valid JSON');
  }
  if (body === undefined)
    throw exchangeError(400, 'invalid_parameters', 'invalid parameters', 'request body is required');
  const pointer = `#/paths/${escapePointer(op.path)}/${op.method}/requestBody/content/application~1json/schema`;
  const validate = validatorAt(pointer);
  if (!validate(body)) {
    const typeError = validate.errors?.find((e) => e.keyword === 'type');
    if (typeError) {
      const segments = typeError.instancePath.split('/').filter(Boolean);
      const value = segments.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
      const field = segments.join('.');
      const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
      throw badRequest(
        `json: cannot unmarshal ${got} into Go struct field ${schemaName(schema)}.${field} of type ${String(typeError.params.type)}`,
      );
    }
    throw exchangeError(400, 'invalid_parameters', 'invalid parameters', describeErrors(validate));
  }
  return body;
}

function schemaName(schema: SchemaObject): string {
  return typeof schema.$ref === 'string' ? (schema.$ref.split('/').pop() ?? 'Request') : 'Request';
}

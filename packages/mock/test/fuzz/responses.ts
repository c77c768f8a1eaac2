// The spec's declared answer for an operation and status, as an Ajv validator over the whole spec (3.31.0).
import { type OperationInfo, operations } from '../../src/generated/manifest';
import { operationObject, resolveRef } from '../../src/schema/spec';
import { escapePointer, validatorAt } from '../../src/schema/validate';

/** The JSON pointer of the schema the spec declares for `status` of `op`; undefined when it declares no JSON body. */
export function responsePointer(op: OperationInfo, status: number): string | undefined {
  const declared = operationObject(op).responses?.[String(status)];
  if (!resolveRef(declared)?.content?.['application/json']?.schema) return undefined;
  const ref = declared.$ref as string | undefined;
  return ref
    ? `${ref}/content/application~1json/schema`
    : `#/paths/${escapePointer(op.path)}/${op.method}/responses/${status}/content/application~1json/schema`;
}

/** Why `body` is not what the spec declares for `status` of the operation, or undefined when it is (or none is declared). */
export function specMismatch(operationId: string, status: number, body: unknown): string | undefined {
  const op = (operations as Record<string, OperationInfo>)[operationId];
  const pointer = op && responsePointer(op, status);
  if (!pointer) return undefined;
  const validate = validatorAt(pointer);
  return validate(body) ? undefined : JSON.stringify(validate.errors?.slice(0, 3));
}

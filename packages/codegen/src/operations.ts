import { deref } from './refs';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

import type { HttpMethod } from './runtime/operation-info';

export type { HttpMethod };

/** An operation as found in the spec: its id, method, path and OpenAPI object. */
export interface SpecOperation {
  /** The spec's operationId. */
  readonly operationId: string;
  /** The HTTP method, lower case as in the spec. */
  readonly method: HttpMethod;
  /** The path template, e.g. `/markets/{ticker}`. */
  readonly path: string;
  /** The OpenAPI operation object. */
  readonly operation: Record<string, unknown>;
  /** Path-level plus operation-level parameters, refs resolved, operation-level winning. */
  readonly parameters: readonly Record<string, unknown>[];
}

type Doc = Record<string, unknown>;

/** Every operation of an OpenAPI document, in document order. */
export function listOperations(document: Doc): SpecOperation[] {
  const result: SpecOperation[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = asArray(item.parameters);
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation || typeof operation !== 'object') continue;
      const byKey = new Map<string, Record<string, unknown>>();
      for (const raw of [...shared, ...asArray(operation.parameters)]) {
        const param = deref(document, raw);
        if (param) byKey.set(`${String(param.in)}:${String(param.name)}`, param);
      }
      result.push({
        operationId:
          typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${path}`,
        method: method as HttpMethod,
        path,
        operation,
        parameters: [...byKey.values()],
      });
    }
  }
  return result;
}

/**
 * The security requirements an operation is called with (OpenAPI 3.0, Operation Object `security`): its own list when it
 * has one (`[]` makes it public), else the document's; neither is `[]`, no authentication. So an operation's
 * `security: []` and none are the same exactly when the document requires nothing.
 */
export function effectiveSecurity(document: Doc, op: SpecOperation): unknown {
  return op.operation.security ?? document.security ?? [];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

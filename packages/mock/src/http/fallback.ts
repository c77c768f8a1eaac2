import type { Exchange } from '../exchange/exchange';
import type { OperationInfo } from '../generated/manifest';
import { exampleOf } from '../schema/examples';
import { successResponse } from '../schema/spec';
import type { RouteResult } from './routes';

/** For operations the engine does not model: the success status with schema-valid example data. */
export function fallbackResponse(exchange: Exchange, op: OperationInfo): RouteResult {
  const { status, schema } = successResponse(op);
  if (!schema) return { status };
  const body = exampleOf(schema, { now: () => exchange.now(), id: () => exchange.newId() });
  return { status, body: clearCursor(body, op) };
}

/** Example data is one page: end pagination so iterating clients stop. */
function clearCursor(body: unknown, op: OperationInfo): unknown {
  if (op.pagination && body && typeof body === 'object')
    (body as Record<string, unknown>)[op.pagination.cursorField] = '';
  return body;
}

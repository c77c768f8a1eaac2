import type { OperationInfo } from './generated/manifest';
import type { Observer } from './observe';

const warned = new Set<string>();

/**
 * Warns once per process that an operation the spec marks deprecated was called: through the client's logger when
 * it logs warnings, else as a Node `DeprecationWarning` (where `process.emitWarning` exists).
 */
export function warnDeprecated(op: OperationInfo, observer: Observer | undefined): void {
  if (warned.has(op.operationId)) return;
  warned.add(op.operationId);
  const message = `${op.operationId} is deprecated by Kalshi`;
  if (observer?.('warn', { operationId: op.operationId, message })) return;
  // `globalThis.`: a page or Worker has no `process`.
  globalThis.process?.emitWarning?.(message, { type: 'DeprecationWarning', code: 'KALSHI_DEPRECATED_OPERATION' });
}

import { listOperations } from './operations';
import { deref } from './refs';

type Doc = Record<string, unknown>;

/** 4xx and 5xx, as openapi-fetch sorts a response into `error` (`404`, `4XX`). */
const ERROR_STATUS = /^[45](\d\d|XX)$/i;

/**
 * Gives every error response declared without `content` the content the spec's other error responses declare (the
 * one most of them share; in Kalshi's spec, `ErrorResponse` as JSON), in place. openapi-typescript types a response
 * without content as `never`, so `result.error` of, say, `GET /markets/{ticker}` was `never`, although the server
 * answers with a body. The notes (§3) give four real error shapes, not all of them `ErrorResponse`; the spec's own
 * schema is used all the same, as it is for the operations that declare it. Nothing changes when no error response
 * declares content.
 */
export function fillErrorContent(document: Doc): void {
  const bare: Doc[] = [];
  const declared = new Map<string, { content: unknown; count: number }>();
  for (const { operation } of listOperations(document)) {
    const responses = (operation.responses ?? {}) as Record<string, unknown>;
    for (const [status, raw] of Object.entries(responses)) {
      const response = ERROR_STATUS.test(status) ? deref(document, raw) : undefined;
      if (!response || typeof response !== 'object') continue;
      if (response.content === undefined) {
        bare.push(response);
        continue;
      }
      const key = JSON.stringify(response.content);
      const seen = declared.get(key) ?? { content: response.content, count: 0 };
      seen.count++;
      declared.set(key, seen);
    }
  }
  // The most common content; the first seen on a tie (document order, so the same spec gives the same types).
  let common: { content: unknown; count: number } | undefined;
  for (const entry of declared.values()) if (!common || entry.count > common.count) common = entry;
  if (!common) return;
  for (const response of bare) response.content = structuredClone(common.content);
}

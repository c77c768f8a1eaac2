import type { OperationInfo } from '../generated/manifest';
import { allOperations } from '../schema/spec';

interface Route {
  readonly op: OperationInfo;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

// Literal paths must win over templated ones (`/portfolio/orders/queue_positions` before `/{order_id}`). A path is
// matched exactly: `/portfolio/events/orders/` (what `/portfolio/events/orders/.` folds to) is a path the spec lacks,
// not CancelAllOrders. Kalshi's answer to a trailing slash is not recorded (the notes are silent): the mock answers it
// as any path the spec lacks, 404 `not_found`.
const routes: Route[] = allOperations
  .map((op) => {
    const names: string[] = [];
    const source = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { op, pattern: new RegExp(`^${source}$`), names };
  })
  .sort((a, b) => a.names.length - b.names.length);

export interface RouteMatch {
  readonly op: OperationInfo;
  readonly params: Record<string, string>;
}

/** A path segment with a broken percent-encoding (`%ZZ`, a lone `%`, a cut UTF-8 sequence). */
export class MalformedPathError extends Error {
  override name = 'MalformedPathError';
}

/**
 * The operation for a METHOD and a path below the server URL; `allowed` lists methods when only the path matched.
 * HEAD finds the GET operation (RFC 9110 §9.1: a general-purpose server supports GET and HEAD), so Allow lists it too.
 */
export function matchRoute(
  method: string,
  path: string,
): RouteMatch | { readonly op?: undefined; readonly allowed: string[] } {
  const allowed: string[] = [];
  const wanted = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.op.method !== wanted) {
      // Each once: a literal path a templated one also matches (`/markets/trades`, `/markets/{ticker}`) has both's.
      for (const m of route.op.method === 'get' ? ['GET', 'HEAD'] : [route.op.method.toUpperCase()])
        if (!allowed.includes(m)) allowed.push(m);
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeSegment(name, match[i + 1] ?? '');
    });
    return { op: route.op, params };
  }
  return { allowed };
}

function decodeSegment(name: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedPathError(`${name}: malformed percent-encoding in the path`);
  }
}

/**
 * Whether a request target has a `.` or `..` segment, as sent or percent-encoded (`%2e`): URL parsing folds them
 * (`/markets/../portfolio/balance` is `/portfolio/balance`), so the mock looks at the target as it arrived. The spec
 * has no such path; Kalshi's answer to one is not recorded (the notes are silent), so it gets the 404 of any path the
 * spec lacks rather than the operation it folds to.
 */
export function hasDotSegment(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

/** The retired V1 order writes, which production answers with 410 (kalshi-api-notes §3.2, §5.1). */
export function isRetiredV1OrderWrite(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (path === '/portfolio/orders') return m === 'POST';
  if (path === '/portfolio/orders/batched') return m === 'POST' || m === 'DELETE';
  if (/^\/portfolio\/orders\/[^/]+$/.test(path)) return m === 'DELETE';
  return m === 'POST' && /^\/portfolio\/orders\/[^/]+\/(amend|decrease)$/.test(path);
}

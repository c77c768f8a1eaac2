import type { ErrorBody } from '../exchange/errors';
import type { OperationInfo } from '../generated/manifest';

/** What to do to a matching request. */
export type FaultKind =
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number; readonly body?: ErrorBody }
  | { readonly kind: 'network-error' }
  /** The exchange applies the request, then the client sees a network error (the response is lost). */
  | { readonly kind: 'commit-then-drop' };

export type FaultSpec = FaultKind & {
  /** operationId (`CreateOrderV2`) or `METHOD /path-template` (`POST /portfolio/events/orders`). */
  readonly operation: string;
  /** Apply to this many matching requests, then stop (default: every one). */
  readonly times?: number;
  /** Apply with this probability per matching request, drawn from the mock's seeded generator (default 1). */
  readonly probability?: number;
};

export interface Faults {
  add(fault: FaultSpec): void;
  clear(): void;
  list(): readonly FaultSpec[];
  /** How often each operation's faults fired. */
  readonly fired: Map<string, number>;
}

interface Active {
  readonly spec: FaultSpec;
  remaining: number;
}

export function createFaults(draw: () => number): Faults & { pick(op: OperationInfo): FaultKind[] } {
  let active: Active[] = [];
  const fired = new Map<string, number>();
  return {
    fired,
    add(spec) {
      active.push({ spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      active = [];
      fired.clear();
    },
    list: () => active.map((a) => a.spec),
    /** The faults that fire for this request (latency can combine with one failure). */
    pick(op) {
      const hits: FaultKind[] = [];
      for (const fault of active) {
        const { spec } = fault;
        if (spec.operation !== op.operationId && spec.operation !== `${op.method.toUpperCase()} ${op.path}`) continue;
        if (fault.remaining <= 0) continue;
        if (spec.probability !== undefined && draw() >= spec.probability) continue;
        fault.remaining--;
        fired.set(op.operationId, (fired.get(op.operationId) ?? 0) + 1);
        hits.push(spec);
      }
      return hits;
    },
  };
}

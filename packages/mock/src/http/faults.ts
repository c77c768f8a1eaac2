import type { ErrorBody } from '../exchange/errors';
import type { OperationInfo } from '../generated/manifest';
import { assertFault } from './control-schema';

/** What to do to a matching request. */
export type FaultKind =
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number; readonly body?: ErrorBody }
  | { readonly kind: 'network-error' }
  /** The exchange applies the request, then the client sees a network error (the response is lost). */
  | { readonly kind: 'commit-then-drop' };

/** What to do to a WebSocket data message about to be sent. */
export type StreamFaultKind =
  /** Cut the connection (no close frame) instead of sending the message. */
  | { readonly kind: 'drop' }
  /** Send the message with its `seq` one past the next, as if a message had been lost. */
  | { readonly kind: 'skip-seq' }
  /** Hold this and every later message of the connection for `ms` (order is kept). */
  | { readonly kind: 'delay'; readonly ms: number };

interface FaultLimits {
  /** Apply to this many matching requests or messages, then stop (default: every one). */
  readonly times?: number;
  /** Apply with this probability per match, drawn from the mock's seeded generator (default 1). */
  readonly probability?: number;
}

export type FaultSpec =
  | (FaultKind &
      FaultLimits & {
        /** operationId (`CreateOrderV2`) or `METHOD /path-template` (`POST /portfolio/events/orders`). */
        readonly operation: string;
      })
  | (StreamFaultKind &
      FaultLimits & {
        /** A channel (`orderbook_delta`) or `*`: data messages of matching subscriptions. */
        readonly stream: string;
      });

export interface Faults {
  /** Adds a fault; throws `ControlInputError` naming the field if it is not valid (see control-api.json). */
  add(fault: FaultSpec): void;
  clear(): void;
  list(): readonly FaultSpec[];
  /** How often faults fired, by operationId or `stream:<channel>`. */
  readonly fired: Map<string, number>;
}

interface Active {
  readonly spec: FaultSpec;
  remaining: number;
}

export type FaultRegistry = Faults & {
  /** The faults that fire for this request (latency can combine with one failure). */
  pick(op: OperationInfo): FaultKind[];
  /** The faults that fire for a data message on this channel. */
  pickStream(channel: string): StreamFaultKind[];
};

export function createFaults(draw: () => number): FaultRegistry {
  let active: Active[] = [];
  const fired = new Map<string, number>();
  function fire<T>(matches: (spec: FaultSpec) => boolean, key: string): T[] {
    const hits: T[] = [];
    for (const fault of active) {
      const { spec } = fault;
      if (!matches(spec) || fault.remaining <= 0) continue;
      if (spec.probability !== undefined && draw() >= spec.probability) continue;
      fault.remaining--;
      fired.set(key, (fired.get(key) ?? 0) + 1);
      hits.push(spec as T);
    }
    return hits;
  }
  return {
    fired,
    add(spec) {
      assertFault(spec);
      active.push({ spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      active = [];
      fired.clear();
    },
    list: () => active.map((a) => a.spec),
    pick: (op) =>
      fire(
        (spec) =>
          'operation' in spec &&
          (spec.operation === op.operationId || spec.operation === `${op.method.toUpperCase()} ${op.path}`),
        op.operationId,
      ),
    pickStream: (channel) =>
      fire((spec) => 'stream' in spec && (spec.stream === channel || spec.stream === '*'), `stream:${channel}`),
  };
}

import type { ErrorBody } from '../exchange/errors';
import type { Channel, Command } from '../generated/asyncapi';
import type { HttpMethod, OperationId, OperationInfo } from '../generated/manifest';
import { assertFault } from './control-schema';
import { STALE_READ_OPERATIONS } from './stale-read';

/** What to do to a matching request. */
export type FaultKind =
  /** Hold the request `ms` before handling it; `exchange.reset()` and closing the mock drop it (never applied). */
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number; readonly body?: ErrorBody | undefined }
  | { readonly kind: 'network-error' }
  /** The exchange applies the request, then the client sees a network error (the response is lost). */
  | { readonly kind: 'commit-then-drop' }
  /** Order reads (GetOrder, GetOrders) show orders as they were `lagMs` earlier on the mock clock. */
  | { readonly kind: 'stale-read'; readonly lagMs: number; readonly orderId?: string | undefined };

/** What to do to a WebSocket data message about to be sent. */
export type StreamFaultKind =
  /** Cut the connection (no close frame) instead of sending the message. */
  | { readonly kind: 'drop' }
  /** Send the message with its `seq` one past the next, as if a message had been lost. */
  | { readonly kind: 'skip-seq' }
  /** Hold this and every later message of the connection for `ms` (order is kept). */
  | { readonly kind: 'delay'; readonly ms: number };

/** What to do to a WebSocket command: answer it with an error instead of running it. */
export type CommandFaultKind =
  /** Reply `{"type":"error","msg":{"code":code,…}}` with the command's id (e.g. 18 "Command timeout"). */
  { readonly kind: 'error'; readonly code: number };

/** What a REST fault matches: an operationId of the spec, or `METHOD /path-template`. */
export type FaultOperation = OperationId | `${Uppercase<HttpMethod>} /${string}`;

/** The order reads a stale-read fault applies to: GetOrder or GetOrders, or its `GET /path-template`. */
export type StaleReadOperation =
  | 'GetOrder'
  | 'GetOrders'
  | 'GET /portfolio/orders/{order_id}'
  | 'GET /portfolio/orders';

/** What a stream fault matches: a channel of the AsyncAPI spec (`orderbook_delta`), or `*` for every one. */
export type FaultStream = Channel | '*';

/** What a command fault matches: a command of the AsyncAPI spec (`subscribe`), or `*` for every one. */
export type FaultCommand = Command['cmd'] | '*';

interface FaultLimits {
  /** Apply to this many matching requests or messages, then stop (default: every one). */
  readonly times?: number | undefined;
  /** Apply with this probability per match, drawn from the mock's seeded generator (default 1). */
  readonly probability?: number | undefined;
}

/** A fault to inject: on an operation, a WebSocket command or a stream (see control-api.json). */
export type FaultSpec =
  | (Extract<FaultKind, { kind: 'stale-read' }> &
      FaultLimits & {
        /** GetOrder or GetOrders (default: both); with `orderId` only, every read of that order. */
        readonly operation?: StaleReadOperation | undefined;
      })
  | (Exclude<FaultKind, { kind: 'stale-read' }> &
      FaultLimits & {
        /**
         * operationId (`CreateOrderV2`) or `METHOD /path-template` (`POST /portfolio/events/orders`); an unknown one
         * is refused (with the nearest name).
         */
        readonly operation: FaultOperation;
      })
  | (StreamFaultKind &
      FaultLimits & {
        /**
         * A channel (`orderbook_delta`) or `*`: data messages of matching subscriptions; an unknown one is refused
         * (with the nearest name).
         */
        readonly stream: FaultStream;
      })
  | (CommandFaultKind &
      FaultLimits & {
        /**
         * A WebSocket command (`subscribe`, `update_subscription`, …) or `*`; an unknown one is refused (with the
         * nearest name).
         */
        readonly command: FaultCommand;
      });

/** The fault registry shared by the msw handlers and `kalshi-mock serve`. */
export interface Faults {
  /**
   * Adds a fault; throws `ControlInputError` (its `field` names what was wrong, e.g. `stream`) if it is not valid
   * (see control-api.json).
   */
  add(fault: FaultSpec): void;
  /** Removes every fault. */
  clear(): void;
  /** The faults registered, in order. */
  list(): readonly FaultSpec[];
  /** How often faults fired, by operationId, `stream:<channel>` or `command:<cmd>`. */
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
  /** The faults that fire for a WebSocket command. */
  pickCommand(cmd: string): CommandFaultKind[];
  /**
   * How far user data reads may lag the engine now: the longest `lagMs` of the stale-read faults that can still fire
   * (0: none). Asking fires nothing.
   */
  staleReadLagMs(): number;
};

/** No stream fault (frozen: shared by every data message while no fault is set). */
const NONE: StreamFaultKind[] = Object.freeze([]) as unknown as StreamFaultKind[];

/** `onAdd` sees each fault as it is added (the stale-read fault starts the order journal). */
export function createFaults(draw: () => number, onAdd?: (fault: FaultSpec) => void): FaultRegistry {
  let active: Active[] = [];
  const fired = new Map<string, number>();
  function fire<T>(matches: (spec: FaultSpec) => boolean, key: string): T[] {
    if (active.length === 0) return [];
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
      onAdd?.(spec);
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
          'operation' in spec && spec.operation !== undefined
            ? spec.operation === op.operationId || spec.operation === `${op.method.toUpperCase()} ${op.path}`
            : spec.kind === 'stale-read' && STALE_READ_OPERATIONS.has(op.operationId),
        op.operationId,
      ),
    // Every data message asks: with no fault set, nothing is built for the question.
    pickStream: (channel) =>
      active.length === 0
        ? NONE
        : fire((spec) => 'stream' in spec && (spec.stream === channel || spec.stream === '*'), `stream:${channel}`),
    pickCommand: (cmd) =>
      fire((spec) => 'command' in spec && (spec.command === cmd || spec.command === '*'), `command:${cmd}`),
    staleReadLagMs: () =>
      active.reduce(
        (lag, { spec, remaining }) => (spec.kind === 'stale-read' && remaining > 0 ? Math.max(lag, spec.lagMs) : lag),
        0,
      ),
  };
}

import type { ErrorBody } from '../exchange/errors';
import type { Channel, Command } from '../generated/asyncapi';
import type { HttpMethod, OperationId, OperationInfo } from '../generated/manifest';
import { assertFault } from './control-schema';
import { STALE_READ_OPERATIONS } from './stale-read';

/** What to do to a matching request. */
export type FaultKind =
  /** Hold the request `ms` before handling it; `exchange.reset()` and closing the mock drop it (never applied). */
  | {
      /** The fault's kind. */
      readonly kind: 'latency';
      /** Milliseconds to hold the request. */
      readonly ms: number;
    }
  /** Answer with `status` (and `body`) instead of handling the request. */
  | {
      /** The fault's kind. */
      readonly kind: 'status';
      /** The HTTP status to answer with. */
      readonly status: number;
      /** The error body to answer with (default: one for the status). */
      readonly body?: ErrorBody | undefined;
    }
  /** The client sees a network error; the exchange does not apply the request. */
  | {
      /** The fault's kind. */
      readonly kind: 'network-error';
    }
  /** The exchange applies the request, then the client sees a network error (the response is lost). */
  | {
      /** The fault's kind. */
      readonly kind: 'commit-then-drop';
    }
  /** Order reads (GetOrder, GetOrders) show orders as they were `lagMs` earlier on the mock clock. */
  | {
      /** The fault's kind. */
      readonly kind: 'stale-read';
      /** How far back the reads show, in ms. */
      readonly lagMs: number;
      /** Only reads of this order (default: every order). */
      readonly orderId?: string | undefined;
    };

/** What to do to a WebSocket data message about to be sent. */
export type StreamFaultKind =
  /** Cut the connection (no close frame) instead of sending the message. */
  | {
      /** The fault's kind. */
      readonly kind: 'drop';
    }
  /** Send the message with its `seq` one past the next, as if a message had been lost. */
  | {
      /** The fault's kind. */
      readonly kind: 'skip-seq';
    }
  /** Hold this and every later message of the connection for `ms` (order is kept). */
  | {
      /** The fault's kind. */
      readonly kind: 'delay';
      /** Milliseconds to hold the messages. */
      readonly ms: number;
    };

/** What to do to a WebSocket command: answer it with an error instead of running it. */
export type CommandFaultKind =
  /** Reply `{"type":"error","msg":{"code":code,…}}` with the command's id (e.g. 18 "Command timeout"). */
  {
    /** The fault's kind. */
    readonly kind: 'error';
    /** Kalshi's numeric error code to reply with. */
    readonly code: number;
  };

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
  /**
   * Apply to this many matching requests or messages, then stop (default: every one). Only those it acts on count:
   * not one that another fault answered instead (see FaultSpec).
   */
  readonly times?: number | undefined;
  /** Apply with this probability per match, drawn from the mock's seeded generator (default 1). */
  readonly probability?: number | undefined;
}

/**
 * A fault to inject: on an operation, a WebSocket command or a stream (see control-api.json).
 *
 * Several faults matching one request, message or command are taken in the order they were added, and each one's
 * `times` counts only what it acted on:
 * - `latency`: every matching one holds the request, in turn (they add up), whatever acts on it after;
 * - then at most one of `status`, `network-error` and `commit-then-drop` acts: the first that matches (and passes its
 *   `probability` draw). The later ones are left for the next requests. A `commit-then-drop` acts on a request the
 *   exchange applies: one the exchange refuses gets the refusal, and the fault waits for the next;
 * - `stale-read`: every matching one acts on a read that a `status` or `network-error` does not answer instead;
 * - on a stream message, a `drop` acts alone (the first matching one); otherwise every matching `skip-seq` skips one
 *   `seq` (channels without `seq` do not match it) and every matching `delay` holds (they add up);
 * - on a command, the first matching `error` acts.
 */
export type FaultSpec =
  | (Extract<
      FaultKind,
      {
        /** The kind `Extract` selects: a stale-read fault. */
        kind: 'stale-read';
      }
    > &
      FaultLimits & {
        /** GetOrder or GetOrders (default: both); with `orderId` only, every read of that order. */
        readonly operation?: StaleReadOperation | undefined;
      })
  | (Exclude<
      FaultKind,
      {
        /** The kind `Exclude` removes: every fault but a stale read. */
        kind: 'stale-read';
      }
    > &
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
  /** Removes every fault, and the `fired` counts. */
  clear(): void;
  /** The faults that can still fire, in the order added: one whose `times` is used up is left out. */
  list(): readonly FaultSpec[];
  /** How often faults fired, by operationId, `stream:<channel>` or `command:<cmd>`. */
  readonly fired: Map<string, number>;
}

interface Active {
  readonly spec: FaultSpec;
  remaining: number;
}

export type FaultRegistry = Faults & {
  /** The latencies that hold this request, in order: asked first, before `pick`. */
  latencies(op: OperationInfo): Extract<FaultKind, { kind: 'latency' }>[];
  /**
   * The other faults that act on this request (see FaultSpec): at most one of status, network-error and
   * commit-then-drop, and the stale reads unless a status or network-error answers instead.
   */
  pick(op: OperationInfo): Exclude<FaultKind, { kind: 'latency' }>[];
  /** A commit-then-drop `pick` gave for a request the exchange then refused did not act: it counts as not fired. */
  unfire(op: OperationInfo, fault: FaultKind): void;
  /** The faults that act on a data message on this channel (`sequenced`: the channel's messages carry a `seq`). */
  pickStream(channel: string, sequenced: boolean): StreamFaultKind[];
  /** The fault that acts on a WebSocket command, if any (a list of at most one). */
  pickCommand(cmd: string): CommandFaultKind[];
  /**
   * How far user data reads may lag the engine now: the longest `lagMs` of the stale-read faults that can still fire
   * (0: none). Asking fires nothing.
   */
  staleReadLagMs(): number;
};

/** No stream fault (frozen: shared by every data message while no fault is set). */
const NONE: StreamFaultKind[] = Object.freeze([]) as unknown as StreamFaultKind[];

/** Kinds of which at most one acts on a request, message or command: the first added that matches. */
const EXCLUSIVE: ReadonlySet<string> = new Set(['status', 'network-error', 'commit-then-drop', 'drop', 'error']);
/** Of those, the ones that answer instead of the exchange: the request or message goes no further, nothing else acts. */
const ANSWERS: ReadonlySet<string> = new Set(['status', 'network-error', 'drop', 'error']);

/** `onAdd` sees each fault as it is added (the stale-read fault starts the order journal). */
export function createFaults(draw: () => number, onAdd?: (fault: FaultSpec) => void): FaultRegistry {
  let active: Active[] = [];
  const fired = new Map<string, number>();
  /** The matching faults that act (see FaultSpec), each counted as fired once. */
  function fire<T>(matches: (spec: FaultSpec) => boolean, key: string): T[] {
    if (active.length === 0) return [];
    const hits: Active[] = [];
    let exclusive: Active | undefined;
    for (const fault of active) {
      const { spec } = fault;
      if (fault.remaining <= 0 || !matches(spec)) continue;
      const alone = EXCLUSIVE.has(spec.kind);
      // Taken already: this one waits for the next request, without a draw.
      if (alone && exclusive) continue;
      if (spec.probability !== undefined && draw() >= spec.probability) continue;
      if (alone) exclusive = fault;
      else hits.push(fault);
    }
    const acting = exclusive ? (ANSWERS.has(exclusive.spec.kind) ? [exclusive] : [...hits, exclusive]) : hits;
    for (const fault of acting) {
      fault.remaining--;
      fired.set(key, (fired.get(key) ?? 0) + 1);
    }
    return acting.map((fault) => fault.spec as T);
  }
  const matchesOperation = (spec: FaultSpec, op: OperationInfo) =>
    'operation' in spec && spec.operation !== undefined
      ? spec.operation === op.operationId || spec.operation === `${op.method.toUpperCase()} ${op.path}`
      : spec.kind === 'stale-read' && STALE_READ_OPERATIONS.has(op.operationId);
  return {
    fired,
    add(spec) {
      assertFault(spec);
      onAdd?.(spec);
      // A copy: the fault `pick` hands out is found again by identity (`unfire`), and later edits change nothing.
      active.push({ spec: { ...spec }, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      active = [];
      fired.clear();
    },
    list: () => active.filter((fault) => fault.remaining > 0).map((fault) => fault.spec),
    latencies: (op) => fire((spec) => spec.kind === 'latency' && matchesOperation(spec, op), op.operationId),
    pick: (op) => fire((spec) => spec.kind !== 'latency' && matchesOperation(spec, op), op.operationId),
    unfire(op, fault) {
      const entry = active.find((candidate) => candidate.spec === fault);
      if (!entry) return; // cleared since
      entry.remaining++;
      const count = (fired.get(op.operationId) ?? 0) - 1;
      if (count > 0) fired.set(op.operationId, count);
      else fired.delete(op.operationId);
    },
    // Every data message asks: with no fault set, nothing is built for the question.
    pickStream: (channel, sequenced) =>
      active.length === 0
        ? NONE
        : fire(
            (spec) =>
              'stream' in spec &&
              (spec.stream === channel || spec.stream === '*') &&
              (sequenced || spec.kind !== 'skip-seq'),
            `stream:${channel}`,
          ),
    pickCommand: (cmd) =>
      fire((spec) => 'command' in spec && (spec.command === cmd || spec.command === '*'), `command:${cmd}`),
    staleReadLagMs: () =>
      active.reduce(
        (lag, { spec, remaining }) => (spec.kind === 'stale-read' && remaining > 0 ? Math.max(lag, spec.lagMs) : lag),
        0,
      ),
  };
}

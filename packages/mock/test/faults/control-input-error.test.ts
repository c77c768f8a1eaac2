import { expect, it } from 'vitest';
import * as main from '../../src';
import * as node from '../../src/node';
import { assertAdvanceTime, assertFaults } from '../../src/shared/control-schema';
import * as vitestEntry from '../../src/vitest';

// R-D7: `faults.add` is documented to throw ControlInputError, but the class was exported from no entry point (a
// test could not `instanceof` it) and had no `field`. It is exported where faults are reached, and `field` names
// what was wrong, as the client's KalshiValidationError does (message `${field}: ${what}`).
it('is exported from every entry a mock with faults comes from, as one class', () => {
  expect(main.ControlInputError).toBeTypeOf('function');
  expect(node.ControlInputError).toBe(main.ControlInputError);
  expect(vitestEntry.ControlInputError).toBe(main.ControlInputError);
});

it('names the field faults.add refused', () => {
  const { faults } = main.createKalshiMock({ seed: 1 });
  const caught = (add: () => void): main.ControlInputError => {
    try {
      add();
    } catch (error) {
      expect(error).toBeInstanceOf(main.ControlInputError);
      expect(error).toBeInstanceOf(TypeError);
      return error as main.ControlInputError;
    }
    throw new Error('did not throw');
  };
  // @ts-expect-error not an operationId of the spec
  const operation = caught(() => faults.add({ operation: 'CreateOrdr', kind: 'commit-then-drop' }));
  expect(operation.field).toBe('operation');
  expect(operation.name).toBe('ControlInputError');
  expect(operation.message).toMatch(/^operation: "CreateOrdr" is not an operationId/);
  // @ts-expect-error latency needs ms
  expect(caught(() => faults.add({ operation: 'CreateOrderV2', kind: 'latency' })).field).toBe('ms');
  // @ts-expect-error not a kind
  expect(caught(() => faults.add({ operation: 'CreateOrderV2', kind: 'timeout' })).field).toBe('kind');
  expect(caught(() => faults.add({ stream: 'ticker', kind: 'drop', times: -1 })).field).toBe('times');
});

it('names the fault of a batch and the body of a control route', () => {
  const batch = (() => {
    try {
      assertFaults([{ operation: 'CreateOrderV2', kind: 'drop-it' }]);
    } catch (error) {
      return error as main.ControlInputError;
    }
  })();
  expect(batch?.field).toBe('[0].kind');
  const time = (() => {
    try {
      assertAdvanceTime({ advanceMs: 1, later: true });
    } catch (error) {
      return error as main.ControlInputError;
    }
  })();
  expect(time?.field).toBe('later');
  expect(time?.message).toMatch(/^later: is not a field of the POST \/_mock\/time body/);
});

// A kind given the wrong target (a REST kind with a `stream`, a stream kind with an `operation`, …) was refused as
// "<the kind's target>: is required", which hides the mismatch. The control API's Fault schemas (control-api.json)
// say which target each kind takes; the error names the kind, the target given and the target(s) the kind takes.
it.each([
  [
    { kind: 'latency', stream: 'ticker', ms: 5 },
    'stream',
    /^stream: a "latency" fault takes an operation, not a stream/,
  ],
  [
    { kind: 'status', command: 'subscribe', status: 500 },
    'command',
    /"status" fault takes an operation, not a command/,
  ],
  [
    { kind: 'drop', operation: 'GetOrders' },
    'operation',
    /^operation: a "drop" fault takes a stream, not an operation/,
  ],
  [{ kind: 'skip-seq', command: 'subscribe' }, 'command', /"skip-seq" fault takes a stream, not a command/],
  [{ kind: 'error', stream: 'ticker', code: 5 }, 'stream', /"error" fault takes a command, not a stream/],
  [{ kind: 'stale-read', stream: 'ticker', lagMs: 5 }, 'stream', /"stale-read" fault takes an operation or an orderId/],
])('names the kind and the target that do not fit: %j', (fault, field, message) => {
  const { faults } = main.createKalshiMock({ seed: 1 });
  let caught: unknown;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: a mistyped fault, as from JavaScript or JSON
    faults.add(fault as any);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(main.ControlInputError);
  expect((caught as main.ControlInputError).field).toBe(field);
  expect((caught as Error).message).toMatch(message);
  expect(() => assertFaults([{ kind: 'latency', operation: 'GetOrders', ms: 1 }, fault])).toThrow(`[1].${field}: `);
});

// A fault with a key its kind does not take, and its target missing (`path` for `operation`), was refused as
// "operation: is required": the key actually mistyped went unnamed. The unknown key is named first, with the kind's
// fields (control-api.json's schema of that kind) and the nearest one.
it('names a key the fault kind does not take before the target it lacks', () => {
  const { faults } = main.createKalshiMock({ seed: 1 });
  const refusal = (fault: unknown): main.ControlInputError | undefined => {
    try {
      faults.add(fault as main.FaultSpec);
    } catch (error) {
      return error as main.ControlInputError;
    }
  };
  const path = refusal({ kind: 'status', status: 500, path: '/portfolio/orders' });
  expect(path?.field).toBe('path');
  expect(path?.message).toBe(
    'path: is not a field of a "status" fault (fields: operation, kind, status, body, times, probability)',
  );
  const near = refusal({ kind: 'latency', operation: 'GetOrders', ms: 5, tims: 2 });
  expect(near?.field).toBe('tims');
  expect(near?.message).toMatch(/; did you mean "times"\?$/);
  expect(refusal({ kind: 'drop', stream: 'ticker', channel: 'x' })?.field).toBe('channel');
  expect(
    assertFaultsField([
      { kind: 'delay', stream: 'ticker', ms: 1 },
      { kind: 'skip-seq', stream: '*', seq: 1 },
    ]),
  ).toBe('[1].seq');
  expect(faults.list()).toEqual([]);
});

function assertFaultsField(value: unknown): string | undefined {
  try {
    assertFaults(value);
  } catch (error) {
    return (error as main.ControlInputError).field;
  }
}

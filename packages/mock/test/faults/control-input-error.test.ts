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

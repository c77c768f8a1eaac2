import { expect, it } from 'vitest';
import { bumpFor, type SpecChange } from '../../src';

const change = (breaking: boolean): SpecChange => ({
  rule: breaking ? 'property-removed' : 'property-added',
  severity: breaking ? 'breaking' : 'safe',
  breaking,
  operation: 'GET /x',
  operationId: 'X',
  location: '',
  message: 'm',
});

it('bumps major for breaking changes from 1.0 on, minor before (semver 0.x)', () => {
  expect(bumpFor([change(true)], '1.2.0')).toBe('major');
  expect(bumpFor([change(true)], '0.4.1')).toBe('minor');
});

it('bumps minor for additions from 1.0 on, patch before', () => {
  expect(bumpFor([change(false)], '1.2.0')).toBe('minor');
  expect(bumpFor([change(false)], '0.4.1')).toBe('patch');
});

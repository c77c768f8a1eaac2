import { expect, it } from 'vitest';
import { bumpFor, isDowngrade, renderChangeset, type SpecChange } from '../../src';

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

const op = (rule: 'operation-removed' | 'operation-added', operationId: string, path: string): SpecChange => ({
  rule,
  severity: rule === 'operation-removed' ? 'breaking' : 'safe',
  breaking: rule === 'operation-removed',
  operation: `POST ${path}`,
  operationId,
  location: '',
  message: rule.replace('-', ' '),
});
const options = { packages: { '@org/kalshi-client': '0.1.0' }, fromVersion: '3.31.0', toVersion: '3.32.0' };

it('points a removed operation at its versioned successor; an operationId is text, not a pattern', () => {
  const changes = [
    op('operation-removed', 'Create(beta', '/a'),
    op('operation-added', 'Create(betaV2', '/b'),
    op('operation-added', 'CreateXbetaV2', '/c'),
  ];
  expect(renderChangeset(changes, options)).toContain(
    '- `POST /a` (Create(beta) removed: use `POST /b` (Create(betaV2).',
  );
});

it('says when the new spec is older than the locked one', () => {
  expect(renderChangeset([], { ...options, fromVersion: '3.31.0', toVersion: '3.7.0' })).toContain(
    'Kalshi Trade API spec 3.31.0 → 3.7.0 (a downgrade: an older version).',
  );
  expect(renderChangeset([], options)).toContain('Kalshi Trade API spec 3.31.0 → 3.32.0.\n');
  expect(isDowngrade('3.31.0', '3.31.0-test.1')).toBe(true);
  expect(isDowngrade('3.31.0-test.1', '3.31.0')).toBe(false);
  expect(isDowngrade('2.0.0', '2.0.0')).toBe(false);
});

// A-D12 (round 14): a user of `placeOrder` must learn that the operation it calls changed or went away.
it('names the SDK helpers whose operations were removed or changed, with the worst change of each', () => {
  const changed = (severity: SpecChange['severity'], operationId: string, path: string): SpecChange => ({
    ...change(severity === 'breaking'),
    severity,
    operation: `GET ${path}`,
    operationId,
  });
  const changes = [
    op('operation-removed', 'CreateOrderV2', '/portfolio/events/orders'),
    changed('safe', 'GetOrders', '/portfolio/orders'),
    changed('breaking', 'GetOrders', '/portfolio/orders'),
    op('operation-added', 'CreateOrderV3', '/v3/orders'),
  ];
  const usedBy = { CreateOrderV2: ['placeOrder'], GetOrders: ['placeOrder', 'placeOrders'], CreateOrderV3: ['x'] };
  expect(renderChangeset(changes, { ...options, usedBy })).toContain(
    '**SDK helpers affected** (their code calls these operations: check them before releasing)\n\n' +
      '- `placeOrder`: `POST /portfolio/events/orders` (CreateOrderV2) removed; `GET /portfolio/orders` (GetOrders) changed (breaking).\n' +
      '- `placeOrders`: `GET /portfolio/orders` (GetOrders) changed (breaking).\n',
  );
  expect(renderChangeset(changes, options)).not.toContain('SDK helpers affected');
});

// Mutation gap (round 17). README (spec:update): potentially breaking changes are listed; the changeset has a section
// for them.
it('lists potentially breaking changes in their own section', () => {
  const maybe: SpecChange = {
    ...change(false),
    rule: 'enum-widened',
    severity: 'potentially-breaking',
    location: 'response 200 .status',
    message: 'enum values added: "paused"',
  };
  expect(renderChangeset([maybe], options)).toContain(
    '**Potentially breaking changes** (check code that switches on these values)\n\n' +
      '- `GET /x` (X): enum values added: "paused": `response 200.status`.\n',
  );
});

// Mutation gap (round 17). A long list of places is cut after 12 (`MAX_LOCATIONS` in changeset.ts; no other
// document names the number): the 13th is counted, not shown.
it('cuts a long list of places after 12, counting the rest', () => {
  const many = Array.from({ length: 13 }, (_, i) => ({ ...change(true), location: `response 200 .f${i + 1}` }));
  const text = renderChangeset(many, options);
  expect(text).toContain('`response 200.f12` and 1 more.');
  expect(text).not.toContain('f13');
});

// Attack round 22, A13: renderChangeset([], {}) crashed inside ("Cannot convert undefined or null to object"); a
// misspelt option (usedby) was left out of the changeset without a word.
it.each([
  ['no changes', [undefined, options], /^renderChangeset: changes: expected an array of changes, got undefined$/],
  ['options {}', [[], {}], /^renderChangeset: packages: is required$/],
  ['no options', [[]], /^renderChangeset: options: expected \{ packages, fromVersion, toVersion \}, got undefined$/],
  [
    'a misspelt usedBy',
    [[], { ...options, usedby: {} }],
    /^renderChangeset: usedby is not an option; did you mean usedBy\?$/,
  ],
  [
    'a version that is a number',
    [[], { ...options, toVersion: 3 }],
    /^renderChangeset: toVersion: expected a non-empty string, got a number$/,
  ],
])('renderChangeset names the argument it cannot use: %s', (_, args, message) => {
  const render = () => (renderChangeset as (...a: unknown[]) => string)(...args);
  expect(render).toThrow(expect.objectContaining({ name: 'CodegenError', code: 'bad_arguments' }));
  expect(render).toThrow(message);
});

import { describe, expect, it } from 'vitest';
import { classifyChanges } from '../../src';

// OpenAPI 3.0 "Security Requirement Object": `security` lists alternatives (any one suffices); the schemes inside one
// requirement object are all required together. A client's existing credentials satisfy one old requirement; the new
// spec locks them out unless some new requirement asks for no more than that one did (README, "breaking": "auth now
// required"; change-rules.ts: a request-side change breaks when it narrows what is accepted).
const SIGNED = { kalshiAccessKey: [], kalshiAccessSignature: [], kalshiAccessTimestamp: [] };
const spec = (security: unknown) => ({
  openapi: '3.0.0',
  info: { title: 'security', version: '1' },
  paths: {
    '/portfolio/orders': {
      post: {
        operationId: 'CreateOrderV2',
        ...(security === undefined ? {} : { security }),
        responses: { '201': { description: 'ok' } },
      },
    },
  },
});
const lines = (before: unknown, after: unknown) =>
  classifyChanges(spec(before), spec(after)).map((c) => `${c.severity} ${c.rule} | ${c.message}`);

describe('security requirement changes', () => {
  it('a scheme added to the requirement (AND) locks out every existing key: breaking', () => {
    expect(lines([SIGNED], [{ ...SIGNED, kalshiAccessNonce: [] }])).toEqual([
      'breaking security-lockout | requests with [kalshiAccessKey + kalshiAccessSignature + kalshiAccessTimestamp] are refused: now requires [kalshiAccessKey + kalshiAccessNonce + kalshiAccessSignature + kalshiAccessTimestamp]',
    ]);
  });

  it('switching to OAuth only locks out API keys: breaking', () => {
    expect(lines([SIGNED], [{ kalshiOauthAccessToken: [] }])).toEqual([
      'breaking security-lockout | requests with [kalshiAccessKey + kalshiAccessSignature + kalshiAccessTimestamp] are refused: now requires [kalshiOauthAccessToken]',
    ]);
  });

  it('an added alternative (OR) accepts every old request: safe, and worded as an alternative', () => {
    expect(lines([SIGNED], [SIGNED, { kalshiOauthAccessToken: [] }])).toEqual([
      'safe security-alternative-added | now also accepts [kalshiOauthAccessToken] as an alternative',
    ]);
  });

  it('optional authentication added to a public operation ([{}, signed]) is safe (A-D8)', () => {
    expect(lines(undefined, [{}, SIGNED])).toEqual([
      'safe security-alternative-added | now also accepts [kalshiAccessKey + kalshiAccessSignature + kalshiAccessTimestamp] as an alternative (anonymous requests are still accepted)',
    ]);
  });

  it('a public operation now requiring signed requests is breaking', () => {
    expect(lines(undefined, [SIGNED])).toEqual([
      'breaking security-required | now requires signed requests (was no authentication)',
    ]);
  });

  it('optional authentication made required is breaking; required made optional is safe', () => {
    expect(lines([{}, SIGNED], [SIGNED])).toEqual([
      'breaking security-required | now requires signed requests (was optional authentication)',
    ]);
    expect(lines([SIGNED], [{}, SIGNED])).toEqual([
      'safe security-relaxed | now takes optional authentication (was signed requests)',
    ]);
  });

  // Mutation gaps (round 17). OpenAPI 3.0: a document's `security` applies to every operation that declares none, and
  // an operation's empty `security: []` makes it public.
  it('document-level security added over a public operation is breaking', () => {
    const before = spec(undefined);
    const after = { ...spec(undefined), security: [SIGNED] };
    expect(classifyChanges(before, after).map((c) => `${c.severity} ${c.rule} | ${c.message}`)).toEqual([
      'breaking security-required | now requires signed requests (was no authentication)',
    ]);
  });

  it('an operation marked public (`security: []`) now requiring signed requests is breaking', () => {
    expect(lines([], [SIGNED])).toEqual([
      'breaking security-required | now requires signed requests (was no authentication)',
    ]);
  });

  // Round 28. `security: []` and no `security` are the same operation when the document requires nothing (both public),
  // and a public operation against a signed one when it does (the operation without one inherits the document's).
  it('`security: []` ↔ none is no change without document security, an auth change under it', () => {
    const under = (security: unknown) => ({ ...spec(security), security: [SIGNED] });
    expect(lines([], undefined)).toEqual([]);
    expect(lines(undefined, [])).toEqual([]);
    expect(classifyChanges(under(undefined), under([])).map((c) => `${c.severity} ${c.rule} | ${c.message}`)).toEqual([
      'safe security-relaxed | now takes no authentication (was signed requests)',
    ]);
    expect(classifyChanges(under([]), under(undefined)).map((c) => `${c.severity} ${c.rule} | ${c.message}`)).toEqual([
      'breaking security-required | now requires signed requests (was no authentication)',
    ]);
  });
});

// A-D6. A scheme's description is prose (inlineRefs leaves description, summary and examples out elsewhere); only its
// type, location and header name change what a client sends.
describe('security scheme definitions', () => {
  const withScheme = (scheme: Record<string, unknown>) => ({
    ...spec([SIGNED]),
    components: { securitySchemes: { kalshiAccessSignature: scheme } },
  });
  const header = { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-SIGNATURE' };
  const changes = (before: Record<string, unknown>, after: Record<string, unknown>) =>
    classifyChanges(withScheme(before), withScheme(after)).map((c) => `${c.severity} ${c.rule} | ${c.message}`);

  it('a description-only edit is no change', () => {
    expect(changes({ ...header, description: 'Old.' }, { ...header, description: 'Reworded.' })).toEqual([]);
  });

  it('a header renamed is still reported', () => {
    expect(changes(header, { ...header, name: 'KALSHI-SIGNATURE' })).toEqual([
      'potentially-breaking security-scheme-changed | security scheme changed (header name, type or location)',
    ]);
  });

  // Mutation gap (round 17). compare-security-schemes.ts: "one removed locks its users out" (change-rules.ts:
  // security-scheme-removed is breaking).
  it('a scheme removed is breaking', () => {
    expect(
      classifyChanges(withScheme(header), spec([SIGNED])).map((c) => `${c.severity} ${c.rule} | ${c.message}`),
    ).toEqual(['breaking security-scheme-removed | security scheme removed']);
  });
});

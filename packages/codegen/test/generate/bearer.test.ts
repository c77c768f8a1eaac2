import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildManifest, generate, type OperationInfo } from '../../src';
import { KALSHI_SPEC, tempDir } from '../helpers';

type Doc = Record<string, unknown>;
type Manifest = { operations: Record<string, OperationInfo> };

/** Generates the runtime manifest of a spec and imports it (the module the client and the mock ship). */
async function runtimeManifest(spec: string): Promise<Manifest> {
  const out = tempDir();
  await generate({ spec, out });
  return import(join(out, 'manifest.ts'));
}

describe('operations that accept an OAuth bearer token', () => {
  it("are read from the locked spec's security: the alternatives that are a bearer scheme alone", async () => {
    // Expected from the spec itself: an operation whose `security` lists `kalshiOauthAccessToken` (type http, scheme
    // bearer) as an alternative of its own. 3.31.0 names three (GetFills, GetPositions, GetFillsHistorical).
    const spec = parse(readFileSync(KALSHI_SPEC, 'utf8')) as { paths: Record<string, Record<string, Doc>> };
    const fromSpec = Object.values(spec.paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => (op.security as Doc[] | undefined)?.some((req) => 'kalshiOauthAccessToken' in req))
      .map((op) => op.operationId)
      .sort();
    expect(fromSpec).toEqual(['GetFills', 'GetFillsHistorical', 'GetPositions']);

    const { operations } = await runtimeManifest(KALSHI_SPEC);
    const bearer = Object.values(operations).filter((op) => op.bearer);
    expect(bearer.map((op) => op.operationId).sort()).toEqual(fromSpec);
    // The key headers stay required on them: a token is an alternative, not a way around auth.
    for (const op of bearer) expect(op.auth).toBe('required');
    expect(operations.GetBalance?.bearer).toBe(false);
    expect(operations.GetMarkets?.bearer).toBe(false);
  }, 60_000);

  it('needs the bearer scheme alone in one requirement, followed through $ref, in any case', async () => {
    const op = (operationId: string, security: unknown) => ({
      get: { operationId, security, responses: { '200': { description: 'ok' } } },
    });
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': op('Alone', [{ key: [] }, { token: [] }]),
        '/b': op('WithKey', [{ key: [], token: [] }]),
        '/c': op('KeyOnly', [{ key: [] }]),
        '/d': op('Referenced', [{ viaRef: [] }]),
        '/e': op('Basic', [{ basic: [] }]),
      },
      components: {
        securitySchemes: {
          key: { type: 'apiKey', in: 'header', name: 'K' },
          token: { type: 'http', scheme: 'Bearer' },
          viaRef: { $ref: '#/components/securitySchemes/token' },
          basic: { type: 'http', scheme: 'basic' },
        },
      },
    };
    const bearer = Object.fromEntries(buildManifest(document).operations.map((o) => [o.operationId, o.bearer]));
    expect(bearer).toEqual({ Alone: true, WithKey: false, KeyOnly: false, Referenced: true, Basic: false });

    // The runtime module decodes the flag without disturbing the others (an optional body, a non-object answer).
    const file = join(tempDir(), 'spec.json');
    const withBody = {
      ...document.paths['/a'].get,
      operationId: 'AloneWrite',
      requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
    };
    writeFileSync(file, JSON.stringify({ ...document, paths: { ...document.paths, '/f': { post: withBody } } }));
    const { operations } = await runtimeManifest(file);
    expect(operations.AloneWrite).toMatchObject({ bearer: true, optionalBody: true, objectBody: false });
    expect(operations.Alone).toMatchObject({ bearer: true, optionalBody: false, deprecated: false });
    expect(operations.KeyOnly).toMatchObject({ bearer: false, optionalBody: false });
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertAsyncApi3, CodegenError, generate, loadAsyncApiSpec } from '../../src';
import { FIXTURES, KALSHI_SPEC } from '../helpers';

const ASYNCAPI = resolve(import.meta.dirname, '../../../../spec/.cache/kalshi-asyncapi.yaml');
const doc = parse(readFileSync(ASYNCAPI, 'utf8'));
const dir = resolve(import.meta.dirname, '.generated-asyncapi');
let source = '';

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await generate({ spec: KALSHI_SPEC, out: dir, asyncapi: ASYNCAPI });
  source = readFileSync(join(dir, 'asyncapi.ts'), 'utf8');
});

describe('AsyncAPI types', () => {
  it('lists every channel of the spec (15) and the subscribable ones', () => {
    const channels = Object.keys(doc.channels);
    expect(channels).toHaveLength(15);
    expect(source).toContain(
      `export const allChannels = [${channels.map((c) => JSON.stringify(c)).join(', ')}] as const;`,
    );
    expect(source).toMatch(/export const channels = \["orderbook_delta", "ticker", .*"user_orders"/);
  });

  it('emits a type for every message payload (44 messages) and sorts them into server messages and commands', () => {
    const messages = Object.values(doc.components.messages) as { payload?: { $ref?: string } }[];
    expect(messages).toHaveLength(44);
    for (const message of messages) {
      const name = message.payload?.$ref?.split('/').pop();
      if (name) expect(source).toContain(`${name}: {`);
    }
    expect(source).toMatch(/export type ServerMessage =[\s\S]*orderbookDeltaPayload[\s\S]*userOrderPayload/);
    expect(source).toMatch(/export type Command =[\s\S]*subscribeCommandPayload/);
  });

  it("types each subscribable channel's messages as the spec's channel lists them", () => {
    // From kalshi-asyncapi.yaml's channels: market_lifecycle_v2 lists four messages, orderbook_delta two, ticker one.
    const payloads = (channel: string) =>
      Object.values(doc.channels[channel].messages as Record<string, { $ref: string }>).map((message) => {
        const name = message.$ref.split('/').pop() as string;
        return `components['schemas']['${doc.components.messages[name].payload.$ref.split('/').pop()}']`;
      });
    expect(payloads('market_lifecycle_v2')).toHaveLength(4);
    for (const channel of ['market_lifecycle_v2', 'orderbook_delta', 'ticker', 'communications'])
      expect(source).toContain(`  "${channel}": ${payloads(channel).join(' | ')};`);
    // The command channel and control frames are not subscribable, so they have no entry.
    const entries = source.slice(source.indexOf('export interface ChannelMessages {')).split('\n}')[0] ?? '';
    expect(entries).not.toMatch(/"root"|"control_frames"/);
    expect(entries.match(/^ {2}"/gm)).toHaveLength(13);
  });

  it('carries the error-code table', () => {
    const codes = doc['x-error-codes'].codes as { code: number; name: string }[];
    for (const { code, name } of codes) expect(source).toContain(`  ${code}: ${JSON.stringify(name)},`);
  });

  it('compiles, narrows server messages by type, and rejects wrong channels and commands', () => {
    const consumer = join(dir, 'consumer.ts');
    writeFileSync(
      consumer,
      `import type { Channel, ChannelMessages, Command, ServerMessage } from './asyncapi';
import type { FixedPointCount, FixedPointDollars } from './fixed-point';
export function handle(m: ServerMessage): FixedPointDollars | undefined {
  if (m.type === 'orderbook_delta') {
    const delta: FixedPointCount = m.msg.delta_fp;
    void delta;
    return m.msg.price_dollars;
  }
  // @ts-expect-error only orderbook_delta messages have price_dollars on msg
  if (m.type === 'subscribed') return m.msg.price_dollars;
  return undefined;
}
export function onTicker(m: ChannelMessages['ticker']): string {
  // @ts-expect-error a ticker channel carries no fills
  if (m.type === 'fill') return '';
  return m.msg.market_ticker;
}
export const channel: Channel = 'orderbook_delta';
// @ts-expect-error not a channel
export const wrong: Channel = 'orderbook';
export const subscribe: Command = { id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['T'] } };
// @ts-expect-error not a command
export const nope: Command = { id: 2, cmd: 'subscribe_all' };
`,
    );
    const program = ts.createProgram([consumer], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('is deterministic', async () => {
    const other = resolve(import.meta.dirname, '.generated-asyncapi-2');
    await generate({ spec: KALSHI_SPEC, out: other, asyncapi: ASYNCAPI });
    expect(readFileSync(join(other, 'asyncapi.ts'), 'utf8')).toBe(source);
  });

  it.each([
    ['asyncapi-2.yaml', 'not_asyncapi', /not an AsyncAPI 3\.x document \(asyncapi 2\.6\.0\)/],
    ['asyncapi-dangling.yaml', 'unresolved_ref', /unresolved \$ref "#\/components\/schemas\/Nowhere"/],
    ['minimal.yaml', 'not_asyncapi', /no "asyncapi" field/],
  ])('rejects %s with a clear error', async (file, code, message) => {
    const error = (await loadAsyncApiSpec(join(FIXTURES, file)).catch((e: unknown) => e)) as CodegenError;
    expect(error).toBeInstanceOf(CodegenError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('asyncapi.ts provenance', () => {
  it('names the AsyncAPI spec it was generated from, its version and the file’s sha256, not the OpenAPI spec', () => {
    // Expected from the spec file itself: its info and the SHA-256 of its bytes.
    const digest = createHash('sha256').update(readFileSync(ASYNCAPI)).digest('hex');
    expect(source.split('\n')[0]).toBe(
      `// Generated by @org/kalshi-codegen from "${doc.info.title}" ${doc.info.version} (sha256 ${digest}). Do not edit: regenerate with \`kalshi-codegen generate\`.`,
    );
    expect(source).toContain(`export const asyncApiVersion = ${JSON.stringify(doc.info.version)};`);
  });
});

describe('AsyncAPI documents whose schemas describe nothing', () => {
  const asyncapi = (schemas: Record<string, unknown>) => ({
    asyncapi: '3.0.0',
    info: { title: 'ws', version: '1' },
    channels: {},
    components: { schemas },
  });

  it.each([
    [
      'a $ref cycle without a schema',
      {
        Thing: { type: 'object', properties: { loop: { $ref: '#/components/schemas/LoopA' } } },
        LoopA: { $ref: '#/components/schemas/LoopB' },
        LoopB: { $ref: '#/components/schemas/LoopA' },
      },
      /ws\.yaml: .*\$ref cycle without a schema: #\/components\/schemas\/LoopA → #\/components\/schemas\/LoopB → #\/components\/schemas\/LoopA/,
    ],
    [
      'a schema that includes itself through allOf',
      { Thing: { type: 'object', allOf: [{ $ref: '#/components/schemas/Thing' }] } },
      /ws\.yaml: \/components\/schemas\/Thing\/allOf\/0: schema includes itself through allOf/,
    ],
    // Round 41 (D): as in the OpenAPI spec (test/errors/structure.test.ts), `required` MUST be a list of names (JSON
    // Schema); given one name, `kalshi-codegen diff` of two AsyncAPI specs crashed with a TypeError and its stack.
    [
      "a schema's required given as one name",
      { Thing: { type: 'object', required: 'id', properties: { id: { type: 'string' } } } },
      /ws\.yaml: \/components\/schemas\/Thing\/required: must be a list of property names/,
    ],
  ])('refuses %s, naming the file', (_name, schemas, message) => {
    let error: unknown;
    try {
      assertAsyncApi3(asyncapi(schemas), 'ws.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as CodegenError).code).toBe('invalid_spec');
    expect((error as CodegenError).message).toMatch(message);
  });
});

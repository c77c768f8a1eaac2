import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CodegenError, generate, loadAsyncApiSpec } from '../../src';
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

  it('carries the error-code table', () => {
    const codes = doc['x-error-codes'].codes as { code: number; name: string }[];
    for (const { code, name } of codes) expect(source).toContain(`  ${code}: ${JSON.stringify(name)},`);
  });

  it('compiles, narrows server messages by type, and rejects wrong channels and commands', () => {
    const consumer = join(dir, 'consumer.ts');
    writeFileSync(
      consumer,
      `import type { Channel, Command, ServerMessage } from './asyncapi';
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

import { kindOf } from './arguments';
import { CodegenError } from './errors';
import { stringLiteral } from './literals';
import { assertRefsResolve } from './load-spec';
import { resolvePointer } from './refs';
import { loadOpenApiTypescript, loadTypeScript } from './typescript-version';
import { assertInfo, assertNoCompositionCycles, assertNoRefCycles, assertSchemaKeywords } from './validate-spec';

type Doc = Record<string, unknown>;
type Schema = Record<string, unknown>;

/** Channels that carry commands and control frames rather than subscribable data. */
const NOT_SUBSCRIBABLE = new Set(['root', 'control_frames']);

/** Checks that a document is AsyncAPI 3.x, that every local $ref resolves and that no schema is defined by itself. */
export function assertAsyncApi3(document: Doc, file = '<spec>'): void {
  const version = document.asyncapi;
  if (typeof version !== 'string' || !version.startsWith('3.')) {
    throw new CodegenError(
      'not_asyncapi',
      `${file}: not an AsyncAPI 3.x document (${version === undefined ? 'no "asyncapi" field' : `asyncapi ${String(version)}`})`,
      file,
    );
  }
  assertInfo(document, 'AsyncAPI 3', file);
  assertRefsResolve(document, file);
  assertNoRefCycles(document, file);
  assertSchemaKeywords(document, file);
  assertNoCompositionCycles(document, file);
}

/**
 * TypeScript for Kalshi's WebSocket API: a type per schema (through openapi-typescript), server messages as a union
 * discriminated by `type`, commands as a union discriminated by `cmd`, the channel names and the error-code table.
 * Fixed-point string fields (`*_dollars`, `*_fp`) are typed as `FixedPointDollars` / `FixedPointCount`.
 */
export async function renderAsyncApiModule(document: Doc, header: string, file = '<spec>'): Promise<string> {
  const components = (document.components ?? {}) as {
    schemas?: Record<string, Schema>;
    messages?: Record<string, Schema>;
  };
  const schemas = components.schemas ?? {};
  // The schemas are JSON Schema: wrap them in a minimal OpenAPI 3.1 document for openapi-typescript, with refs
  // rewritten from #/components/schemas (the same pointer in both documents, so nothing to change).
  const wrapper = {
    openapi: '3.1.0',
    info: { title: 'asyncapi', version: '0' },
    paths: {},
    components: { schemas: structuredClone(schemas) },
  };
  const { default: openapiTS, astToString } = await loadOpenApiTypescript();
  const ts = await loadTypeScript();
  const nodes = await openapiTS(wrapper as unknown as Parameters<typeof openapiTS>[0], {
    silent: true,
    // A default does not mean the field is always sent (commands may omit it; messages may not carry it).
    defaultNonNullable: false,
    transform(schema, { path }) {
      if ((schema as Schema).type !== 'string' || !path) return undefined;
      if (/_dollars$/.test(path)) return ts.factory.createTypeReferenceNode('FixedPointDollars');
      if (/_fp$/.test(path)) return ts.factory.createTypeReferenceNode('FixedPointCount');
      return undefined;
    },
  });

  const server: string[] = [];
  const commands: string[] = [];
  for (const [, message] of Object.entries(components.messages ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const payload = payloadOf(document, message);
    if (payload?.kind === 'command') commands.push(payload.type);
    else if (payload?.kind === 'server') server.push(payload.type);
  }
  const unique = (list: string[]) => [...new Set(list)];
  const channelEntries = Object.entries((document.channels ?? {}) as Record<string, Schema | null>);
  const channelNames = channelEntries.map(([name]) => name);
  // What a subscription to each channel receives: the server messages its AsyncAPI channel lists.
  const channelMessages = channelEntries
    .filter(([name]) => !NOT_SUBSCRIBABLE.has(name))
    .map(([name, channel]) => {
      const types = Object.values((channel?.messages ?? {}) as Record<string, Schema | null>)
        .map((message) => payloadOf(document, message))
        .filter((payload) => payload?.kind === 'server')
        .map((payload) => payload?.type as string);
      return `  ${stringLiteral(name, '"')}: ${unique(types).join(' | ') || 'never'};`;
    });
  const codes = errorCodeEntries(document, file);
  const version = String(((document.info ?? {}) as { version?: unknown }).version ?? '');
  return `${header}import type { FixedPointCount, FixedPointDollars } from './fixed-point.js';

/** The version of the AsyncAPI spec this was generated from. */
export const asyncApiVersion = ${stringLiteral(version, '"')};

${astToString(nodes)}
/** The WebSocket spec's message schemas. */
export type Schemas = components['schemas'];

/** Every message the server sends, discriminated by \`type\`. */
export type ServerMessage =
${unique(server)
  .map((s) => `  | ${s}`)
  .join('\n')};

/** The \`type\` of a server message. */
export type ServerMessageType = ServerMessage['type'];

/** Every command a client sends, discriminated by \`cmd\`. */
export type Command =
${unique(commands)
  .map((s) => `  | ${s}`)
  .join('\n')};

/** Every channel of the spec, including the command channel (\`root\`) and \`control_frames\`. */
export const allChannels = [${channelNames.map((c) => stringLiteral(c, '"')).join(', ')}] as const;

/** The channels a client can subscribe to. */
export const channels = [${channelNames
    .filter((c) => !NOT_SUBSCRIBABLE.has(c))
    .map((c) => stringLiteral(c, '"'))
    .join(', ')}] as const;
/** A channel a client can subscribe to. */
export type Channel = (typeof channels)[number];

/** The server messages a subscription to each channel receives (the channel's messages in the spec). */
export interface ChannelMessages {
${channelMessages.join('\n')}
}

/** Kalshi's WebSocket error codes (\`error.msg.code\`) and their names. */
export const errorCodes = {
${codes.join('\n')}
} as const;
/** A WebSocket error code. */
export type ErrorCode = keyof typeof errorCodes;
`;
}

/**
 * A message's payload type (`components['schemas'][…]`) and whether it is a command (it has `cmd`) or a server
 * message (it has `type`); undefined for a payload that is not a $ref to a schema with either. `message` may itself be
 * a $ref to `#/components/messages/…` (as in a channel's message list).
 */
function payloadOf(document: Doc, message: Schema | null): { kind: 'command' | 'server'; type: string } | undefined {
  const resolved =
    typeof message?.$ref === 'string' ? (resolvePointer(document, message.$ref) as Schema | undefined) : message;
  const ref = (resolved?.payload as Schema | undefined)?.$ref;
  if (typeof ref !== 'string') return undefined;
  const properties = ((resolvePointer(document, ref) as Schema | undefined)?.properties ?? {}) as Record<
    string,
    Schema
  >;
  const type = `components['schemas'][${stringLiteral(ref.split('/').pop() as string)}]`;
  if (properties.cmd) return { kind: 'command', type };
  return properties.type ? { kind: 'server', type } : undefined;
}

/**
 * The `errorCodes` table's lines from `x-error-codes.codes`. A code is written as an object key, so it must be a
 * non-negative integer (every code of Kalshi's spec is); anything else was written as it was and ran as code on
 * import (attack round 24, A1). A name must be a string; one code given twice would not compile.
 */
function errorCodeEntries(document: Doc, file: string): string[] {
  const table = document['x-error-codes'] as { codes?: unknown } | undefined;
  const codes = table?.codes ?? [];
  const refuse = (at: string, what: string): never => {
    throw new CodegenError('invalid_spec', `${file}: /x-error-codes/codes${at}: ${what}`, file);
  };
  if (!Array.isArray(codes)) return refuse('', 'expected a list of { code, name }');
  const seen = new Set<number>();
  return codes.map((entry: { code?: unknown; name?: unknown } | null, index) => {
    const { code, name } = entry ?? {};
    if (typeof code !== 'number' || !Number.isSafeInteger(code) || code < 0)
      refuse(
        `/${index}/code`,
        `expected a non-negative integer, got ${typeof code === 'number' ? code : kindOf(code)}`,
      );
    if (seen.has(code as number)) refuse(`/${index}/code`, `${code} is listed twice`);
    if (typeof name !== 'string') refuse(`/${index}/name`, 'expected a string');
    seen.add(code as number);
    return `  ${code}: ${stringLiteral(name as string, '"')},`;
  });
}

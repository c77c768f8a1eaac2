// Classifies the changes between two AsyncAPI (WebSocket) documents: channels, the messages each channel and
// operation lists, the commands a client sends (messages whose payload has `cmd`, compared as requests) and the
// messages the server sends (compared as responses), down to payload fields, with the rules and severities of
// change-rules.ts; then the rest of the document (classify-asyncapi-document.ts).
import type { Direction } from './change-rules';
import { compareAsyncApiDocument } from './classify-asyncapi-document';
import { change, type SpecChange } from './classify-changes';
import { deref, resolvePointer } from './refs';
import { compareSchema, flatten } from './schema-diff';

type Doc = Record<string, unknown>;
type Schema = Record<string, unknown>;

interface Message {
  readonly name: string;
  readonly direction: Direction;
  readonly payload: unknown;
  /** `cmd` or `type` value(s) that identify it on the wire. */
  readonly tag: string;
}

/** Classifies every change between two AsyncAPI (WebSocket) specs: channels, messages and their schemas. */
export function classifyAsyncApiChanges(before: Doc, after: Doc): SpecChange[] {
  const changes: SpecChange[] = [];
  const channels = (doc: Doc) => Object.keys((doc.channels ?? {}) as object);
  const [oldChannels, newChannels] = [channels(before), channels(after)];
  for (const name of oldChannels)
    if (!newChannels.includes(name))
      changes.push(change('channel-removed', 'request', at(`channel ${name}`), 'channel removed'));
  for (const name of newChannels)
    if (!oldChannels.includes(name))
      changes.push(change('channel-added', 'request', at(`channel ${name}`), 'channel added'));

  const oldMessages = messages(before);
  const newMessages = messages(after);
  // A message is what goes over the wire: one whose component key changed but whose `cmd`/`type` tag did not is
  // the same message (compared under its new name), not one removed and another added.
  const wire = (m: Message) => `${m.direction} ${m.tag}`;
  const renamed = new Map<string, string>();
  for (const [name, message] of oldMessages) {
    if (newMessages.has(name) || !message.tag) continue;
    const candidates = [...newMessages.values()].filter((m) => !oldMessages.has(m.name) && wire(m) === wire(message));
    if (candidates.length === 1 && candidates[0]) renamed.set(candidates[0].name, name);
  }
  const renamedFrom = new Set(renamed.values());
  for (const [name, message] of oldMessages) {
    if (newMessages.has(name) || renamedFrom.has(name)) continue;
    const command = message.direction === 'request';
    changes.push(
      change(
        command ? 'command-removed' : 'message-type-removed',
        message.direction,
        at(`message ${name}`, message.tag),
        command ? 'command removed' : 'message type removed',
      ),
    );
  }
  for (const [name, message] of newMessages) {
    const old = oldMessages.get(renamed.get(name) ?? name);
    const where = at(`message ${name}`, message.tag);
    if (!old) {
      const command = message.direction === 'request';
      changes.push(
        change(
          command ? 'command-added' : 'message-type-added',
          message.direction,
          where,
          command ? 'command added' : 'message type added (exhaustive switches on `type` need a new case)',
        ),
      );
      continue;
    }
    const ctx = {
      before,
      after,
      seen: new Set<string>(),
      emit: (rule: Parameters<typeof change>[0], dir: Direction, location: string, text: string) =>
        changes.push(change(rule, dir, { ...where, location }, text)),
    };
    compareSchema(ctx, message.direction, 'payload', old.payload, message.payload);
  }
  compareMessageLists(before, after, changes, renamed);
  compareErrorCodes(before, after, changes);
  const kept = new Map<string, string>();
  for (const name of newMessages.keys()) {
    const old = renamed.get(name) ?? name;
    if (oldMessages.has(old)) kept.set(old, name);
  }
  compareAsyncApiDocument(before, after, kept, (c) => changes.push(c));
  return changes;
}

/**
 * Which messages each channel (kept in both specs) and each operation lists: a command withdrawn from the connection
 * while its schema stays in `components.messages` is removed all the same. Refs are compared as written; a listed
 * message's direction is read from the spec that lists it. An operation's `action` is not given meaning (Kalshi's
 * spec marks the commands a client sends `receive`, the server's view): a change of it is unrecognized.
 */
function compareMessageLists(before: Doc, after: Doc, changes: SpecChange[], renamed: Map<string, string>): void {
  const newName = new Map([...renamed].map(([now, was]) => [was, now]));
  const keyOf = (doc: Doc, raw: unknown) => {
    const component = componentOf(doc, raw);
    if (component === undefined) return undefined;
    return `component ${doc === before ? (newName.get(component) ?? component) : component}`;
  };
  const lists = (doc: Doc) => {
    const result = new Map<string, { refs: Map<string, unknown>; action?: unknown }>();
    // A listed message is the same when its ref is, or the component it resolves to (an old one under its new name).
    const refsOf = (list: unknown) => {
      const refs = new Map<string, unknown>();
      for (const raw of Object.values((list ?? {}) as Record<string, unknown>)) {
        refs.set(String((raw as Schema | undefined)?.$ref ?? JSON.stringify(raw)), raw);
        const component = keyOf(doc, raw);
        if (component) refs.set(component, raw);
      }
      return refs;
    };
    for (const [name, channel] of Object.entries((doc.channels ?? {}) as Record<string, Schema>))
      result.set(`channel ${name}`, { refs: refsOf(channel?.messages) });
    for (const [name, operation] of Object.entries((doc.operations ?? {}) as Record<string, Schema>))
      result.set(`operation ${name}`, { refs: refsOf(operation?.messages), action: operation?.action });
    return result;
  };
  const [old, next] = [lists(before), lists(after)];
  const listedIn = (doc: Doc, ref: string, raw: unknown, other: Map<string, unknown> | undefined) => {
    const component = keyOf(doc, raw);
    return other !== undefined && (other.has(ref) || (component !== undefined && other.has(component)));
  };
  const listed = (doc: Doc, where: string, raw: unknown, removed: boolean) => {
    const { direction, tag } = describeMessage(doc, raw);
    const ref = String((raw as Schema | undefined)?.$ref ?? JSON.stringify(raw));
    const command = direction === 'request';
    const rule = command
      ? removed
        ? 'command-removed'
        : 'command-added'
      : removed
        ? 'message-type-removed'
        : 'message-type-added';
    changes.push(
      change(
        rule,
        direction,
        at(where, tag, ref),
        `${command ? 'command' : 'message type'} ${removed ? 'no longer' : 'now'} listed`,
      ),
    );
  };
  for (const [where, list] of old) {
    const now = next.get(where);
    // A removed channel is reported as such above; a removed operation, by the messages it listed.
    if (!now && where.startsWith('channel ')) continue;
    for (const [key, raw] of list.refs)
      if (!key.startsWith('component ') && !listedIn(before, key, raw, now?.refs)) listed(before, where, raw, true);
    if (now && now.action !== list.action)
      changes.push(
        change(
          'unrecognized-change',
          'request',
          at(where, '', 'action'),
          `action changed from ${String(list.action)} to ${String(now.action)}`,
        ),
      );
  }
  for (const [where, list] of next) {
    const then = old.get(where);
    if (!then && where.startsWith('channel ')) continue;
    for (const [key, raw] of list.refs)
      if (!key.startsWith('component ') && !listedIn(after, key, raw, then?.refs)) listed(after, where, raw, false);
  }
}

/** A message's direction (a payload with `cmd` is a command the client sends) and its `cmd`/`type` value(s). */
function describeMessage(doc: Doc, raw: unknown): { direction: Direction; tag: string } {
  const message = deref<Schema>(doc, raw) ?? {};
  const payload = flatten(doc, message.payload);
  const properties = (payload.properties ?? {}) as Record<string, unknown>;
  const command = 'cmd' in properties;
  const tagSchema = flatten(doc, properties[command ? 'cmd' : 'type']);
  const tag = [tagSchema.const, ...((tagSchema.enum ?? []) as unknown[])].filter((v) => v !== undefined).join('|');
  return { direction: command ? 'request' : 'response', tag };
}

/**
 * The `x-error-codes` table, generated as `errorCodes` and its key type `ErrorCode`: a code removed narrows that
 * type (a typed `case 7:` stops compiling), a code renamed may have changed meaning, a code added is one more the
 * server may send. Descriptions are prose.
 */
function compareErrorCodes(before: Doc, after: Doc, changes: SpecChange[]): void {
  const table = (doc: Doc) => {
    const codes = (doc['x-error-codes'] as { codes?: unknown } | undefined)?.codes;
    return new Map(
      (Array.isArray(codes) ? codes : []).map((c: { code?: unknown; name?: unknown }) => [
        String(c?.code),
        String(c?.name),
      ]),
    );
  };
  const [old, now] = [table(before), table(after)];
  const where = (code: string) => at('x-error-codes', '', `code ${code}`);
  for (const [code, name] of old) {
    const renamed = now.get(code);
    if (renamed === undefined)
      changes.push(
        change(
          'error-code-removed',
          'response',
          where(code),
          `error code ${code} "${name}" removed (a typed \`ErrorCode\` no longer has it)`,
        ),
      );
    else if (renamed !== name)
      changes.push(
        change(
          'error-code-changed',
          'response',
          where(code),
          `error code ${code} renamed from "${name}" to "${renamed}" (check whether its meaning changed)`,
        ),
      );
  }
  for (const [code, name] of now)
    if (!old.has(code))
      changes.push(change('error-code-added', 'response', where(code), `error code ${code} "${name}" added`));
}

/** The `components.messages` key a (chain of) `$ref` ends at, if it does. */
function componentOf(doc: Doc, raw: unknown): string | undefined {
  const seen = new Set<string>();
  for (let node = raw; node && typeof node === 'object'; ) {
    const ref = (node as Schema).$ref;
    if (typeof ref !== 'string' || seen.has(ref)) return undefined;
    seen.add(ref);
    const match = /^#\/components\/messages\/([^/]+)$/.exec(ref);
    if (match) return match[1];
    node = resolvePointer(doc, ref);
  }
  return undefined;
}

function at(operation: string, operationId = '', location = '') {
  return { operation, operationId, location };
}

function messages(doc: Doc): Map<string, Message> {
  const all = ((doc.components as Schema | undefined)?.messages ?? {}) as Record<string, unknown>;
  const result = new Map<string, Message>();
  for (const [name, raw] of Object.entries(all))
    result.set(name, { name, ...describeMessage(doc, raw), payload: deref<Schema>(doc, raw)?.payload });
  return result;
}

// Classifies the changes between two AsyncAPI (WebSocket) documents: channels, the commands a client sends
// (messages whose payload has `cmd`, compared as requests) and the messages the server sends (compared as
// responses), down to payload fields, with the rules and severities of change-rules.ts.
import type { Direction } from './change-rules';
import { change, type SpecChange } from './classify-changes';
import { deref } from './refs';
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
  for (const [name, message] of oldMessages) {
    if (newMessages.has(name)) continue;
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
    const old = oldMessages.get(name);
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
  return changes;
}

function at(operation: string, operationId = '', location = '') {
  return { operation, operationId, location };
}

function messages(doc: Doc): Map<string, Message> {
  const all = ((doc.components as Schema | undefined)?.messages ?? {}) as Record<string, unknown>;
  const result = new Map<string, Message>();
  for (const [name, raw] of Object.entries(all)) {
    const message = deref<Schema>(doc, raw) ?? {};
    const payload = flatten(doc, message.payload);
    const properties = (payload.properties ?? {}) as Record<string, unknown>;
    const command = 'cmd' in properties;
    const tagSchema = flatten(doc, properties[command ? 'cmd' : 'type']);
    const tag = [tagSchema.const, ...((tagSchema.enum ?? []) as unknown[])].filter((v) => v !== undefined).join('|');
    result.set(name, { name, direction: command ? 'request' : 'response', payload: message.payload, tag });
  }
  return result;
}

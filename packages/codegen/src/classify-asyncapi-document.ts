// What an AsyncAPI document says besides its messages' payloads and lists: the servers (where a client connects),
// each channel's address (what it subscribes with), the security schemes, each message's content type, and the
// exported `components` schemas no message uses; then every other difference no rule reads (bindings, channel
// parameters, operation replies, vendor extensions), listed at its JSON pointer.
import type { Direction, RuleId } from './change-rules';
import { change, type SpecChange } from './classify-changes';
import { compareComponents } from './classify-components';
import { compareSecuritySchemes } from './compare-security-schemes';
import { compareServerUrls } from './compare-servers';
import { describeDifference, differences } from './differences';
import { deref, reachableRefs } from './refs';

type Doc = Record<string, unknown>;
type Node = Record<string, unknown>;
type Push = (change: SpecChange) => void;

/** Messages kept in both specs, old name → new name (a message renamed with the same wire tag is kept). */
export type KeptMessages = ReadonlyMap<string, string>;

export function compareAsyncApiDocument(before: Doc, after: Doc, kept: KeptMessages, push: Push): void {
  const emitAt = (operation: string) => (rule: RuleId, dir: Direction, location: string, message: string) =>
    push(change(rule, dir, { operation, operationId: '', location }, message));
  compareServerUrls(serverUrls(before), serverUrls(after), emitAt('servers'));
  compareSecuritySchemes(before, after, emitAt('*'));
  compareAddresses(before, after, push);
  compareContentTypes(before, after, kept, push);
  compareComponents(before, after, schemaReach(before, after, kept), push, ['schemas']);
  const [old, now] = [
    { node: before, pointer: '' },
    { node: after, pointer: '' },
  ];
  for (const difference of differences(before, after, old, now, { ruled: (path) => ruled(before, after, path) })) {
    const at = { operation: labelOf(difference.pointer), operationId: '', location: difference.pointer };
    push(change('unrecognized-change', 'request', at, describeDifference(difference)));
  }
}

/** The schemas the kept messages use (reported through them) and those any message of the new spec uses. */
function schemaReach(before: Doc, after: Doc, kept: KeptMessages) {
  const messages = (doc: Doc, names: Iterable<string>) =>
    [...names].map((name) => section(doc, 'components', 'messages')[name]);
  return {
    kept: [
      reachableRefs(before, messages(before, kept.keys())),
      reachableRefs(after, messages(after, kept.values())),
    ] as const,
    anyNew: reachableRefs(after, Object.values(section(after, 'components', 'messages'))),
  };
}

/** A server's URL as the client dials it (`wss://host/path`). */
function serverUrls(doc: Doc): string[] {
  return Object.values((doc.servers ?? {}) as Record<string, Node>).map(
    (s) => `${String(s?.protocol ?? '')}://${String(s?.host ?? '')}${String(s?.pathname ?? '')}`,
  );
}

/** The generated `channels` name each channel by its key; the client subscribes with it, so the address must stay. */
function compareAddresses(before: Doc, after: Doc, push: Push): void {
  const [was, now] = [section(before, 'channels'), section(after, 'channels')];
  for (const [name, channel] of Object.entries(now)) {
    const [old, is] = [(was[name] as Node | undefined)?.address, (channel as Node | undefined)?.address];
    if (!Object.hasOwn(was, name) || old === is) continue;
    push(
      change(
        'channel-address-changed',
        'request',
        { operation: `channel ${name}`, operationId: '', location: 'address' },
        `address changed from ${JSON.stringify(old)} to ${JSON.stringify(is)} (the client subscribes to "${name}")`,
      ),
    );
  }
}

/** A message's content type (or the document's default): the client reads and writes JSON frames. */
function compareContentTypes(before: Doc, after: Doc, kept: KeptMessages, push: Push): void {
  const typeOf = (doc: Doc, name: string) =>
    deref<Node>(doc, section(doc, 'components', 'messages')[name])?.contentType ?? doc.defaultContentType;
  for (const [oldName, newName] of kept) {
    const [was, now] = [typeOf(before, oldName), typeOf(after, newName)];
    if (was !== now)
      push(
        change(
          'content-type-changed',
          'response',
          { operation: `message ${newName}`, operationId: '', location: 'contentType' },
          `content type changed from ${String(was ?? 'none')} to ${String(now ?? 'none')} (the client exchanges JSON)`,
        ),
      );
  }
}

/** The paths the AsyncAPI rules read (classify-asyncapi.ts and the comparisons above); prose is never compared. */
function ruled(before: Doc, after: Doc, path: readonly string[]): boolean {
  const [top = '', name = '', key = '', sub = ''] = path;
  const oneSided = (...at: string[]) => name in section(before, ...at) !== name in section(after, ...at);
  if (['info', 'defaultContentType', 'x-error-codes'].includes(top)) return true;
  if (top === 'servers')
    return path.length === 2 ? oneSided('servers') : ['host', 'pathname', 'protocol'].includes(key);
  if (top === 'channels') return path.length === 2 ? oneSided('channels') : ['messages', 'address'].includes(key);
  if (top === 'operations') return path.length === 2 ? oneSided('operations') : ['messages', 'action'].includes(key);
  if (top !== 'components') return false;
  if (name === 'schemas' || name === 'securitySchemes') return true;
  if (name !== 'messages' || path.length < 3) return false;
  const message = key;
  const inBoth =
    message in section(before, 'components', 'messages') && message in section(after, 'components', 'messages');
  return !inBoth || ['payload', 'contentType'].includes(sub);
}

function section(doc: Doc, ...keys: string[]): Record<string, unknown> {
  let node: unknown = doc;
  for (const key of keys) node = node && typeof node === 'object' ? (node as Node)[key] : undefined;
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
}

/** `channel ticker`, `operation sendSubscribe`, `message ticker` or `*`, from a pointer. */
function labelOf(pointer: string): string {
  const [, top, name, key] = pointer.split('/');
  if (top === 'channels' && name) return `channel ${name}`;
  if (top === 'operations' && name) return `operation ${name}`;
  if (top === 'components' && name === 'messages' && key) return `message ${key}`;
  return '*';
}

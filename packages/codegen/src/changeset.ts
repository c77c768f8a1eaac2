import { checkedObject, checkKnownKeys, checkTypes, kindOf } from './arguments';
import { isSuccessor, type Severity, type SpecChange } from './classify-changes';
import { CodegenError } from './errors';
import { own } from './own';
import { visible } from './visible';

/** A semver bump. */
export type Bump = 'major' | 'minor' | 'patch';

/**
 * The semver bump a spec change calls for: breaking → major (minor before 1.0, per semver's 0.x convention);
 * potentially breaking changes and additions → minor (patch before 1.0); anything else → patch.
 */
export function bumpFor(changes: readonly SpecChange[], currentVersion: string): Bump {
  const stable = Number.parseInt(currentVersion, 10) >= 1;
  if (changes.some((c) => c.severity === 'breaking')) return stable ? 'major' : 'minor';
  if (changes.length > 0) return stable ? 'minor' : 'patch';
  return 'patch';
}

/** What a spec changeset is written from: the packages, the spec versions and the changes. */
export interface ChangesetOptions {
  /** Package name → its current version. */
  readonly packages: Readonly<Record<string, string>>;
  /** The old spec's version, as written in the changeset's first line. */
  readonly fromVersion: string;
  /** The new spec's version; an older one than `fromVersion` is called a downgrade. */
  readonly toVersion: string;
  /** operationId → the SDK helper that calls it, named in hints ("use `placeOrder` / `POST …`"). */
  readonly helpers?: Readonly<Record<string, string>>;
  /** operationId → every SDK helper whose code calls it (a write and its read-backs): named when it changes. */
  readonly usedBy?: Readonly<Record<string, readonly string[]>>;
  /** The title of the spec, e.g. "Kalshi Trade API spec" (the default) or "Kalshi WebSocket API spec". */
  readonly title?: string;
}

const CHANGESET_OPTIONS = ['packages', 'fromVersion', 'toVersion', 'helpers', 'usedBy', 'title'];

/** A changeset file (front matter + text) listing the changes in words a user can act on. */
export function renderChangeset(changes: readonly SpecChange[], options: ChangesetOptions): string {
  // Missing arguments crashed inside ("Cannot convert undefined or null to object"); a misspelt optional one
  // (`helper`, `usedby`) was left out of the text without a word.
  if (!Array.isArray(changes))
    throw new CodegenError(
      'bad_arguments',
      `renderChangeset: changes: expected an array of changes, got ${kindOf(changes)}`,
    );
  checkedObject('renderChangeset', 'options', options, '{ packages, fromVersion, toVersion }');
  checkKnownKeys('renderChangeset', options, CHANGESET_OPTIONS);
  checkTypes(
    'renderChangeset',
    options as unknown as Record<string, unknown>,
    {
      packages: 'object',
      fromVersion: 'string',
      toVersion: 'string',
      helpers: 'object',
      usedBy: 'object',
      title: 'string',
    },
    ['helpers', 'usedBy', 'title'],
  );
  const front = Object.entries(options.packages)
    .map(([name, version]) => `"${name}": ${bumpFor(changes, version)}`)
    .join('\n');
  const added = changes.filter((c) => c.rule === 'operation-added');
  const removed = changes.filter((c) => c.rule === 'operation-removed');
  const breaking = groupByOperation(changes.filter((c) => c.breaking && c.rule !== 'operation-removed'));
  const potentially = groupByOperation(changes.filter((c) => c.severity === 'potentially-breaking'));
  const other = groupByOperation(changes.filter((c) => c.severity === 'safe' && c.rule !== 'operation-added'));

  const title = options.title ?? 'Kalshi Trade API spec';
  const downgrade = isDowngrade(options.fromVersion, options.toVersion) ? ' (a downgrade: an older version)' : '';
  const lines = [`${title} ${options.fromVersion} → ${options.toVersion}${downgrade}.`, ''];
  const impact = formatHelperImpact(helperImpact(changes, options.usedBy ?? {}));
  if (impact.length) {
    lines.push('**SDK helpers affected** (their code calls these operations: check them before releasing)', '');
    lines.push(...impact, '');
  }
  if (removed.length) {
    lines.push('**Removed operations (breaking)**', '');
    for (const r of removed)
      lines.push(`- \`${r.operation}\` (${r.operationId}) removed${replacementHint(r, added, options.helpers)}.`);
    lines.push('');
  }
  if (breaking.length) {
    lines.push('**Breaking changes**', '');
    lines.push(...breaking.map(renderGroup), '');
  }
  if (potentially.length) {
    lines.push('**Potentially breaking changes** (check code that switches on these values)', '');
    lines.push(...potentially.map(renderGroup), '');
  }
  if (added.length) {
    lines.push('**Added operations**', '');
    for (const a of added)
      lines.push(`- \`${a.operation}\` (${a.operationId})${helperNote(a.operationId, options.helpers)}`);
    lines.push('');
  }
  if (other.length) {
    lines.push('**Other changes (safe)**', '');
    lines.push(...other.map(renderGroup), '');
  }
  // Names from the spec may hold control characters: shown as escapes, in the file as on a terminal.
  return `---\n${front}\n---\n\n${lines.map(visible).join('\n').trimEnd()}\n`;
}

/** One SDK helper and what changed in the operations its code calls. */
export interface HelperImpact {
  /** The SDK helper's name (a key of `usedBy`'s lists). */
  readonly helper: string;
  /** Each operation of it that changed, once, with its worst change. */
  readonly operations: readonly {
    /** `METHOD /path` of the operation (SpecChange's `operation`). */
    operation: string;
    /** The operation's operationId. */
    operationId: string;
    /** `removed`, or the worst severity of its changes. */
    change: 'removed' | Severity;
  }[];
}

const WORST: readonly Severity[] = ['breaking', 'potentially-breaking', 'safe'];

/** The SDK helpers whose operations were removed or changed (`usedBy`: operationId → helpers), worst change each. */
export function helperImpact(
  changes: readonly SpecChange[],
  usedBy: Readonly<Record<string, readonly string[]>>,
): HelperImpact[] {
  const byHelper = new Map<
    string,
    Map<string, { operation: string; operationId: string; change: 'removed' | Severity }>
  >();
  for (const c of changes) {
    if (c.rule === 'operation-added') continue;
    for (const helper of own(usedBy, c.operationId) ?? []) {
      const ops = byHelper.get(helper) ?? new Map();
      byHelper.set(helper, ops);
      const was = ops.get(c.operation)?.change;
      const now = c.rule === 'operation-removed' ? 'removed' : c.severity;
      if (was === undefined || (was !== 'removed' && (now === 'removed' || WORST.indexOf(now) < WORST.indexOf(was))))
        ops.set(c.operation, { operation: c.operation, operationId: c.operationId, change: now });
    }
  }
  return [...byHelper].map(([helper, ops]) => ({ helper, operations: [...ops.values()] }));
}

/**
 * One line per helper, e.g. "- `placeOrder`: `POST /portfolio/events/orders` (CreateOrderV2) removed."; control
 * characters in names shown as escapes.
 */
export function formatHelperImpact(impact: readonly HelperImpact[]): string[] {
  return impact.map(({ helper, operations }) => {
    const what = operations.map(
      (o) =>
        `\`${o.operation}\` (${o.operationId}) ${o.change === 'removed' ? 'removed' : `changed (${o.change.replace('-', ' ')})`}`,
    );
    return visible(`- \`${helper}\`: ${what.join('; ')}.`);
  });
}

/** Whether `to` is an older version than `from` (dot-separated numbers compared in order; a pre-release is older). */
export function isDowngrade(from: string, to: string): boolean {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const [a, b] = [parse(from), parse(to)];
  for (let i = 0; i < Math.max(a.parts.length, b.parts.length); i++) {
    const [x, y] = [a.parts[i] ?? 0, b.parts[i] ?? 0];
    if (x !== y) return y < x;
  }
  return a.pre === undefined && b.pre !== undefined;
}

interface Group {
  readonly operation: string;
  readonly operationId: string;
  readonly byMessage: Map<string, string[]>;
}

function groupByOperation(changes: readonly SpecChange[]): Group[] {
  const groups = new Map<string, Group>();
  for (const c of changes) {
    let group = groups.get(c.operation);
    if (!group) {
      group = { operation: c.operation, operationId: c.operationId, byMessage: new Map() };
      groups.set(c.operation, group);
    }
    const locations = group.byMessage.get(c.message) ?? [];
    locations.push(c.location);
    group.byMessage.set(c.message, locations);
  }
  return [...groups.values()];
}

const MAX_LOCATIONS = 12;

function renderGroup(group: Group): string {
  const parts = [...group.byMessage].map(([message, locations]) => {
    const named = locations.filter(Boolean).map((l) => `\`${l.replace(/ \./g, '.').replace(/ \[\]/g, '[]')}\``);
    const shown = named.slice(0, MAX_LOCATIONS).join(', ');
    const more = named.length > MAX_LOCATIONS ? ` and ${named.length - MAX_LOCATIONS} more` : '';
    return named.length ? `${message}: ${shown}${more}` : message;
  });
  return `- \`${group.operation}\`${group.operationId ? ` (${group.operationId})` : ''}: ${parts.join('; ')}.`;
}

/** For a removed operation, the added one that replaces it (same operationId, or it plus a version suffix). */
function replacementHint(
  removed: SpecChange,
  added: readonly SpecChange[],
  helpers?: Readonly<Record<string, string>>,
): string {
  const successor = added.find((a) => isSuccessor(removed.operationId, a.operationId));
  if (!successor) return '';
  const helper = own(helpers, successor.operationId);
  return `: use ${helper ? `\`${helper}\` / ` : ''}\`${successor.operation}\` (${successor.operationId})`;
}

function helperNote(operationId: string, helpers?: Readonly<Record<string, string>>): string {
  const helper = own(helpers, operationId);
  return helper ? `, also through \`${helper}\`` : '';
}

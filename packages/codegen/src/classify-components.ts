// The `components` exported with the generated types (`components['schemas']['Order']`): a component removed breaks
// code that names it, one no operation uses is safe to add, and a schema no operation kept in both specs reaches is
// compared on its own at its pointer (the others, and what it shares with them, are reported through the operations
// that use them). Its severity is the worse of a request's and a response's: code may build such a value or read it.
import { type Direction, type RuleId, type Severity, severityOf } from './change-rules';
import type { SpecChange } from './classify-changes';
import { describeDifference, differences } from './differences';
import { pointerKey } from './refs';
import { compareSchema, type Emit } from './schema-diff';

type Doc = Record<string, unknown>;

/** The component kinds openapi-typescript exports under `components` (the AsyncAPI types export only schemas). */
const KINDS = ['schemas', 'responses', 'parameters', 'requestBodies', 'headers'];
const ORDER: readonly Severity[] = ['safe', 'potentially-breaking', 'breaking'];

export interface Reach {
  /** Refs reached from the operations kept in both specs, in the old spec and in the new one. */
  readonly kept: readonly [Set<string>, Set<string>];
  /** Refs reached from every operation of the new spec. */
  readonly anyNew: Set<string>;
}

export function compareComponents(
  before: Doc,
  after: Doc,
  reach: Reach,
  push: (change: SpecChange) => void,
  kinds: readonly string[] = KINDS,
): void {
  const reported = new Set([...reach.kept[0]].filter((ref) => reach.kept[1].has(ref)));
  // The schemas shared with those operations are reported through them, in their direction; here they are left empty
  // (the same on both sides), so a schema no operation uses is compared only in what is its own.
  const opaque = [withEmpty(before, reported), withEmpty(after, reported)] as const;
  for (const kind of kinds) {
    const [was, now] = [componentsOf(before, kind), componentsOf(after, kind)];
    for (const name of Object.keys(was)) {
      const ref = `#/components/${kind}/${pointerKey(name)}`;
      if (!Object.hasOwn(now, name)) {
        const rule = 'component-removed';
        push(entry(ref, rule, severityOf(rule), '', `removed (\`components['${kind}']['${name}']\` no longer exists)`));
      } else if (!reported.has(ref)) {
        const emit = (rule: RuleId, _dir: Direction, location: string, message: string) =>
          push(entry(ref, rule, worse(rule), location.trim(), message));
        if (kind === 'schemas') {
          const ctx = { before: opaque[0], after: opaque[1], emit, seen: new Set<string>() };
          compareSchema(ctx, 'response', '', { $ref: ref }, { $ref: ref });
        } else compareOther(before, after, { kind, name }, emit);
      }
    }
    for (const name of Object.keys(now)) {
      const ref = `#/components/${kind}/${pointerKey(name)}`;
      if (!Object.hasOwn(was, name) && !reach.anyNew.has(ref))
        push(entry(ref, 'component-added', 'safe', '', 'added (no operation or message uses it)'));
    }
  }
}

/** The document with the given component schemas replaced by `{}` (the other nodes shared, so pointers still hold). */
function withEmpty(doc: Doc, refs: ReadonlySet<string>): Doc {
  const schemas = componentsOf(doc, 'schemas');
  const emptied = Object.entries(schemas).map(([name, schema]) => [
    name,
    refs.has(`#/components/schemas/${pointerKey(name)}`) ? {} : schema,
  ]);
  return { ...doc, components: { ...(doc.components as Doc), schemas: Object.fromEntries(emptied) } };
}

/**
 * A parameter, header, response or request body no operation kept in both specs uses (exported all the same, as
 * `components['parameters']['…']`): its JSON schema with the schema rules, the schemas it names left to be compared
 * as schemas (above); whatever else changed (`required`, `in`, another media type) listed at its pointer. Only
 * schemas were compared, so such a component changed its type unreported (round 41, D).
 */
function compareOther(before: Doc, after: Doc, { kind, name }: { kind: string; name: string }, emit: Emit): void {
  const [was, now] = [componentsOf(before, kind)[name], componentsOf(after, kind)[name]];
  // The body schema of a response or request body, the `schema` of a parameter or header.
  const schemaPath =
    kind === 'responses' || kind === 'requestBodies' ? ['content', 'application/json', 'schema'] : ['schema'];
  const schemaOf = (node: unknown) =>
    schemaPath.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Doc)[key] : undefined), node);
  // Every component schema left empty: one named here is compared as a schema, not again here.
  const [opaqueBefore, opaqueAfter] = [before, after].map((doc) =>
    withEmpty(
      doc,
      new Set(Object.keys(componentsOf(doc, 'schemas')).map((n) => `#/components/schemas/${pointerKey(n)}`)),
    ),
  ) as [Doc, Doc];
  compareSchema(
    { before: opaqueBefore, after: opaqueAfter, emit, seen: new Set() },
    'response',
    '',
    schemaOf(was),
    schemaOf(now),
  );
  const pointer = `/components/${pointerKey(kind)}/${pointerKey(name)}`;
  const ruled = (path: readonly string[]) =>
    path.length === schemaPath.length && path.every((key, i) => key === schemaPath[i]);
  for (const difference of differences(before, after, { node: was, pointer }, { node: now, pointer }, { ruled }))
    emit('unrecognized-change', 'response', difference.pointer, describeDifference(difference));
}

function componentsOf(doc: Doc, kind: string): Record<string, unknown> {
  const components = (doc.components ?? {}) as Record<string, unknown>;
  const found = components[kind];
  return found && typeof found === 'object' ? (found as Record<string, unknown>) : {};
}

const worse = (rule: RuleId): Severity => {
  const [request, response] = [severityOf(rule, 'request'), severityOf(rule, 'response')];
  return ORDER.indexOf(request) > ORDER.indexOf(response) ? request : response;
};

function entry(operation: string, rule: RuleId, severity: Severity, location: string, message: string): SpecChange {
  return { rule, severity, breaking: severity === 'breaking', operation, operationId: '', location, message };
}

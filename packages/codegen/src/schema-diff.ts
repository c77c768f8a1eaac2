// Walks two versions of a JSON schema (OpenAPI or AsyncAPI) side by side and reports each difference under a rule
// of change-rules.ts: types (and a type lost) and formats, bounds and patterns, enums (and `const`), nullability,
// properties and `required`, array items, `oneOf`/`anyOf` variants, `allOf` (merged), `$ref` targets and
// additionalProperties.
import { type Direction, type RuleId, type Severity, severityOf } from './change-rules';
import { unruledNote } from './differences';
import { pointerOf } from './pointers';
import { deref, pointerKey, pointerKeys, resolvePointer } from './refs';

type Doc = Record<string, unknown>;
type Schema = Record<string, unknown>;

export type Emit = (rule: RuleId, direction: Direction, location: string, message: string) => void;

export interface SchemaDiffContext {
  readonly before: Doc;
  readonly after: Doc;
  readonly emit: Emit;
  /** Pairs of refs already compared on this walk, to stop on recursive schemas. */
  readonly seen: Set<string>;
}

export function compareSchema(ctx: SchemaDiffContext, dir: Direction, at: string, rawOld: unknown, rawNew: unknown) {
  if (rawOld === undefined && rawNew === undefined) return;
  if (rawOld === undefined) {
    ctx.emit('schema-added', dir, at, 'added');
    return;
  }
  if (rawNew === undefined) {
    ctx.emit('schema-removed', dir, at, 'removed');
    return;
  }
  const oldRef = refOf(rawOld);
  const newRef = refOf(rawNew);
  if (widenedToVariants(ctx, dir, at, rawOld, rawNew) || narrowedFromVariants(ctx, dir, at, rawOld, rawNew)) return;
  if (!oldRef) {
    compareResolved(ctx, dir, at, rawOld, rawNew);
    return;
  }
  // A pair of refs is skipped only inside itself (a recursive schema); a shared schema used at two places of one
  // operation (a transfer's source and destination) is compared, and reported, at each.
  const pair = `${oldRef}|${newRef}|${dir}`;
  if (ctx.seen.has(pair)) return;
  ctx.seen.add(pair);
  try {
    if (newRef && oldRef !== newRef)
      ctx.emit('ref-changed', dir, at, `now uses schema ${refName(newRef)} instead of ${refName(oldRef)}`);
    compareResolved(ctx, dir, at, rawOld, rawNew);
  } finally {
    ctx.seen.delete(pair);
  }
}

/**
 * A schema that became `oneOf`/`anyOf` (`X` → `oneOf [X, Y]`) takes (or may be) what its variants do: the old schema
 * is compared with the variant closest to it (itself when it is one; else the one whose differences are the least
 * severe), and the others are variants added. Compared with the composition's own keywords instead, a request field
 * whose every variant refuses its old values (a string price → `anyOf [integer]`) read as "type and enum removed,
 * variants added": all safe.
 */
function widenedToVariants(ctx: SchemaDiffContext, dir: Direction, at: string, rawOld: unknown, rawNew: unknown) {
  // Flattened: a composition in an `allOf` part (`allOf: [{ anyOf: […] }, { description }]`) is one all the same.
  const now = flatten(ctx.after, rawNew);
  const old = flatten(ctx.before, rawOld);
  const composed = compositionOf(now);
  if (!composed || compositionOf(old)) return false;
  const { kind, variants } = composed;
  const oldRef = refOf(rawOld);
  const same =
    variants.find((v) =>
      oldRef ? refOf(v) === oldRef : JSON.stringify(deref(ctx.after, v)) === JSON.stringify(old),
    ) ?? closestVariant(ctx, dir, variants, (v) => [rawOld, v]);
  const label = variantLabel(at, kind, variants);
  // `nullable` written beside the variants (`oneOf: [FixedPointDollars], nullable: true`) applies to all of them.
  const nullableBeside = nullableWritten(now);
  if (nullableBeside && !isNullable(old)) ctx.emit('nullable-added', dir, at, 'may now be null');
  // …so the variant itself not being nullable is no change (its fields still are compared as they are).
  const inVariant: SchemaDiffContext = nullableBeside
    ? {
        ...ctx,
        emit: (rule, side, location, message) =>
          (rule !== 'nullable-removed' || location !== label(same)) && ctx.emit(rule, side, location, message),
      }
    : ctx;
  for (const variant of variants)
    if (variant === same) compareSchema(inVariant, dir, label(variant), rawOld, variant);
    else ctx.emit('variant-added', dir, label(variant), 'variant added');
  return true;
}

/** A schema's `oneOf` (else `anyOf`) and its variants, when it has a non-empty one. */
function compositionOf(schema: Schema): { kind: 'oneOf' | 'anyOf'; variants: unknown[] } | undefined {
  const kind = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : undefined;
  const variants = kind && (schema[kind] as unknown[]);
  return kind && variants && variants.length > 0 ? { kind, variants } : undefined;
}

/** Where a variant is reported: `at (oneOf Name)`, or its place (`#2`) when it is no `$ref`. */
const variantLabel =
  (at: string, kind: string, variants: unknown[]) =>
  (v: unknown): string =>
    `${at} (${kind} ${refOf(v) ? refName(refOf(v)) : `#${variants.indexOf(v) + 1}`})`;

/** `nullable: true` or a `type` list with `null`, written on the schema itself (not through its variants). */
const nullableWritten = (schema: Schema): boolean =>
  schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));

/**
 * The reverse of widenedToVariants: a `oneOf`/`anyOf` that became a plain schema (`anyOf [string, integer]` →
 * `string`) now takes (or may be) only what one variant did. The new schema is compared with the old variant closest
 * to it, and the other variants are variants removed: breaking in a request (a value they took is refused), safe in a
 * response. Compared with the composition's own keywords instead, every change inside the kept variant went unseen (a
 * response `anyOf [string]` → `integer` read as "variant removed": safe).
 */
function narrowedFromVariants(ctx: SchemaDiffContext, dir: Direction, at: string, rawOld: unknown, rawNew: unknown) {
  const old = flatten(ctx.before, rawOld);
  const now = flatten(ctx.after, rawNew);
  const composed = compositionOf(old);
  if (!composed || compositionOf(now)) return false;
  const { kind, variants } = composed;
  const newRef = refOf(rawNew);
  const same =
    variants.find((v) =>
      newRef ? refOf(v) === newRef : JSON.stringify(deref(ctx.before, v)) === JSON.stringify(now),
    ) ?? closestVariant(ctx, dir, variants, (v) => [v, rawNew]);
  const label = variantLabel(at, kind, variants);
  // `nullable` written beside the old variants applied to all of them: the kept one was nullable too.
  const nullableBeside = nullableWritten(old);
  if (nullableBeside && !isNullable(now)) ctx.emit('nullable-removed', dir, at, 'no longer accepts null');
  const inVariant: SchemaDiffContext = nullableBeside
    ? {
        ...ctx,
        emit: (rule, side, location, message) =>
          (rule !== 'nullable-added' || location !== at) && ctx.emit(rule, side, location, message),
      }
    : ctx;
  for (const variant of variants)
    if (variant === same) compareSchema(inVariant, dir, at, variant, rawNew);
    else ctx.emit('variant-removed', dir, label(variant), 'variant removed');
  return true;
}

/**
 * The variant closest to the other side's schema (`pair` puts the variant on its side): one of its type first
 * (another type shares no value with it), then the one with the fewest breaking, then potentially breaking, then
 * other differences.
 */
function closestVariant(
  ctx: SchemaDiffContext,
  dir: Direction,
  variants: unknown[],
  pair: (variant: unknown) => readonly [unknown, unknown],
): unknown {
  const ORDER: readonly Severity[] = ['breaking', 'potentially-breaking', 'safe'];
  const cost = (variant: unknown): number[] => {
    // [another type, breaking, potentially breaking, safe]
    const counts = [0, 0, 0, 0];
    const emit: Emit = (rule, side, location) => {
      if (rule === 'type-changed' && location === '') counts[0] = 1;
      const index = 1 + ORDER.indexOf(severityOf(rule, side));
      counts[index] = (counts[index] ?? 0) + 1;
    };
    compareSchema({ ...ctx, emit, seen: new Set(ctx.seen) }, dir, '', ...pair(variant));
    return counts;
  };
  const lower = (a: number[], b: number[]) => {
    const i = a.findIndex((n, k) => n !== b[k]);
    return i >= 0 && (a[i] ?? 0) < (b[i] ?? 0);
  };
  let best = { variant: variants[0], cost: cost(variants[0]) };
  for (const variant of variants.slice(1)) {
    const candidate = { variant, cost: cost(variant) };
    if (lower(candidate.cost, best.cost)) best = candidate;
  }
  return best.variant;
}

function compareResolved(ctx: SchemaDiffContext, dir: Direction, at: string, rawOld: unknown, rawNew: unknown) {
  const old = flatten(ctx.before, rawOld);
  const now = flatten(ctx.after, rawNew);
  if (!compareTypes(ctx, dir, at, old, now)) return;
  if (old.format !== now.format && (old.format !== undefined || now.format !== undefined))
    ctx.emit('format-changed', dir, at, `format changed from ${show(old.format)} to ${show(now.format)}`);
  compareConstraints(ctx, dir, at, old, now);
  compareEnum(ctx, dir, at, enumOf(old), enumOf(now));
  const [oldNull, newNull] = [isNullable(old), isNullable(now)];
  if (!oldNull && newNull) ctx.emit('nullable-added', dir, at, 'may now be null');
  if (oldNull && !newNull) ctx.emit('nullable-removed', dir, at, 'no longer accepts null');
  compareProperties(ctx, dir, at, old, now);
  compareUnlistedRequired(ctx, dir, at, old, now, [rawOld, rawNew]);
  if (old.items !== undefined || now.items !== undefined) compareSchema(ctx, dir, `${at}[]`, old.items, now.items);
  compareAdditional(ctx, dir, at, old.additionalProperties, now.additionalProperties);
  compareVariants(ctx, dir, at, old, now);
  compareUnruled(ctx, dir, at, old, now, [rawOld, rawNew]);
}

/** Validation keywords that bound a value from above or below (OAS 3.1's numeric exclusive bounds included). */
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
/** Every keyword compareConstraints reads. */
const CONSTRAINTS = [...UPPER_BOUNDS, ...LOWER_BOUNDS, 'pattern', 'multipleOf', 'uniqueItems'];

/** Every keyword a rule here reads, and the prose no client depends on. */
const RULED = new Set([
  ...['type', 'format', 'enum', 'const', 'nullable', 'properties', 'required', 'items', 'additionalProperties'],
  ...['oneOf', 'anyOf', 'allOf', '$ref', 'deprecated', ...CONSTRAINTS],
  ...['description', 'title', 'summary', 'example', 'examples', 'externalDocs'],
]);

/**
 * A keyword no rule covers (`default`, `readOnly`, `discriminator`…) that changed: reported, to be checked by hand,
 * named by the JSON pointer of the keyword (in the new spec, or in the old one when it was removed); where it sits in
 * the operation goes into the message.
 */
function compareUnruled(
  ctx: SchemaDiffContext,
  dir: Direction,
  at: string,
  old: Schema,
  now: Schema,
  [rawOld, rawNew]: readonly [unknown, unknown],
): void {
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (RULED.has(key) && !(key === 'additionalProperties' && !additionalRuled(old[key], now[key]))) continue;
    if (JSON.stringify(old[key]) === JSON.stringify(now[key])) continue;
    const value = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
    const gone = now[key] === undefined;
    const [doc, raw] = gone ? [ctx.before, rawOld] : [ctx.after, rawNew];
    const holder = holderOf(doc, raw, (node) => key in node && key !== '$ref');
    const pointer = `${pointerOf(doc, holder) ?? ''}/${pointerKey(key)}`;
    unruled(ctx, dir, at, pointer, gone, `${key} changed from ${value(old[key])} to ${value(now[key])}`);
  }
}

/** A `required` entry that names no property on either side (must a request now send an undeclared key?): no rule. */
function compareUnlistedRequired(
  ctx: SchemaDiffContext,
  dir: Direction,
  at: string,
  old: Schema,
  now: Schema,
  [rawOld, rawNew]: readonly [unknown, unknown],
): void {
  const declared = new Set([...Object.keys(old.properties ?? {}), ...Object.keys(now.properties ?? {})]);
  const unlisted = (schema: Schema) => ((schema.required ?? []) as string[]).filter((name) => !declared.has(name));
  const [was, is] = [unlisted(old), unlisted(now)];
  const entry = (doc: Doc, raw: unknown, name: string) => {
    const holder = holderOf(doc, raw, (node) => Array.isArray(node.required) && node.required.includes(name));
    const index = ((holder as Schema | undefined)?.required as string[] | undefined)?.indexOf(name) ?? -1;
    return `${pointerOf(doc, holder) ?? ''}/required/${index}`;
  };
  for (const name of is.filter((n) => !was.includes(n)))
    unruled(ctx, dir, at, entry(ctx.after, rawNew, name), false, `required now lists "${name}", no such field`);
  for (const name of was.filter((n) => !is.includes(n)))
    unruled(ctx, dir, at, entry(ctx.before, rawOld, name), true, `required no longer lists "${name}", no such field`);
}

/** Reports a change no rule covers at its pointer (in the old spec when `gone`), its place in the operation first. */
function unruled(
  ctx: SchemaDiffContext,
  dir: Direction,
  at: string,
  pointer: string,
  gone: boolean,
  text: string,
): void {
  const where = at.trim();
  ctx.emit('unrecognized-change', dir, pointer, `${where ? `${where}: ` : ''}${text} ${unruledNote(gone)}`);
}

/**
 * The schema node a keyword is written in, for a raw schema: itself, beside or behind its `$ref`, or in an `allOf`
 * part; else the schema behind the refs.
 */
function holderOf(doc: Doc, raw: unknown, has: (node: Schema) => boolean): unknown {
  const seen = new Set<unknown>();
  const find = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    const schema = node as Schema;
    if (has(schema)) return schema;
    if (typeof schema.$ref === 'string') {
      const found = find(resolvePointer(doc, schema.$ref));
      if (found) return found;
    }
    for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
      const found = find(part);
      if (found) return found;
    }
    return undefined;
  };
  return find(raw) ?? deref(doc, raw);
}

/** Bounds, patterns, multipleOf and uniqueItems: tighter (fewer values valid) or looser than before. */
function compareConstraints(ctx: SchemaDiffContext, dir: Direction, at: string, old: Schema, now: Schema): void {
  const emit = (tighter: boolean | 'changed', message: string) =>
    ctx.emit(
      tighter === 'changed' ? 'constraint-changed' : tighter ? 'constraint-tightened' : 'constraint-loosened',
      dir,
      at,
      message,
    );
  for (const key of [...UPPER_BOUNDS, ...LOWER_BOUNDS]) {
    const [before, after] = [old[key], now[key]];
    if (before === after) continue;
    // OAS 3.0's exclusiveMinimum/Maximum are flags on minimum/maximum: true excludes the bound itself.
    if (typeof before === 'boolean' || typeof after === 'boolean') {
      emit(
        after === true,
        `${key} ${after === true ? 'set' : 'unset'} (the bound itself is ${after === true ? 'no longer' : 'now'} valid)`,
      );
      continue;
    }
    if (before === undefined) emit(true, `${key} ${JSON.stringify(after)} added`);
    else if (after === undefined) emit(false, `${key} ${JSON.stringify(before)} removed`);
    else {
      const smaller = Number(after) < Number(before);
      emit(
        UPPER_BOUNDS.includes(key) ? smaller : !smaller,
        `${key} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`,
      );
    }
  }
  for (const key of ['pattern', 'multipleOf']) {
    const [before, after] = [old[key], now[key]];
    if (before === after) continue;
    if (before === undefined) emit(true, `${key} ${JSON.stringify(after)} added`);
    else if (after === undefined) emit(false, `${key} ${JSON.stringify(before)} removed`);
    else emit('changed', `${key} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
  }
  if ((old.uniqueItems === true) !== (now.uniqueItems === true))
    emit(now.uniqueItems === true, now.uniqueItems === true ? 'items must now be unique' : 'items may now repeat');
}

/** Reports a type change; false when the rest of the walk would only repeat it. */
function compareTypes(ctx: SchemaDiffContext, dir: Direction, at: string, old: Schema, now: Schema): boolean {
  const [before, after] = [typeOf(old), typeOf(now)];
  if (before && !after && isUntyped(now)) {
    ctx.emit('type-removed', dir, at, `type ${before} removed: any value is valid (TypeScript \`unknown\`)`);
    return false;
  }
  if (!before && after && isUntyped(old)) {
    ctx.emit('type-added', dir, at, `now restricted to type ${after} (any value was valid)`);
    return false;
  }
  if (!before || !after || before === after) return true;
  // A type array (OAS 3.1) is a union of types, like `anyOf`: one that only lost types narrows, one that only gained
  // types widens, classified as variants removed or added. An integer is a number.
  const [was, is] = [before.split('|'), after.split('|')];
  const covers = (types: string[], type: string) =>
    types.includes(type) || (type === 'integer' && types.includes('number'));
  const [lost, gained] = [was.filter((t) => !covers(is, t)), is.filter((t) => !covers(was, t))];
  if ((was.length > 1 || is.length > 1) && (lost.length === 0 || gained.length === 0)) {
    for (const type of lost) ctx.emit('variant-removed', dir, at, `type ${type} removed (type ${before} → ${after})`);
    for (const type of gained) ctx.emit('variant-added', dir, at, `type ${type} added (type ${before} → ${after})`);
    return true;
  }
  if (before === 'integer' && after === 'number') {
    ctx.emit(
      'type-integer-to-number',
      dir,
      at,
      'type changed from integer to number (same TypeScript `number`; fractional values now valid on the wire)',
    );
    return true;
  }
  if (before === 'number' && after === 'integer') {
    ctx.emit(
      'type-number-to-integer',
      dir,
      at,
      'type changed from number to integer (same TypeScript `number`; fractional values no longer valid on the wire)',
    );
    return true;
  }
  ctx.emit('type-changed', dir, at, `type changed from ${before} to ${after}`);
  return false;
}

/** Enum values are compared as JSON (`1` and `"1"` differ: the generated union `1 | 2` is not `"1" | "2"`). */
function compareEnum(ctx: SchemaDiffContext, dir: Direction, at: string, old?: string[], now?: string[]): void {
  const list = (values: string[]) => values.join(', ');
  if (!old && !now) return;
  if (!old) {
    ctx.emit('enum-added', dir, at, `now restricted to ${list(now ?? [])}`);
    return;
  }
  if (!now) {
    ctx.emit('enum-removed', dir, at, `no longer restricted to ${list(old)} (the union type becomes its base type)`);
    return;
  }
  const removed = old.filter((v) => !now.includes(v));
  const added = now.filter((v) => !old.includes(v));
  // In a response the values leave the generated union: a typed `case 'x':` or `=== 'x'` no longer compiles.
  const why = dir === 'response' ? ' (typed code comparing with them no longer compiles)' : '';
  if (removed.length) ctx.emit('enum-narrowed', dir, at, `enum values removed: ${list(removed)}${why}`);
  if (added.length) ctx.emit('enum-widened', dir, at, `enum values added: ${list(added)}`);
}

function compareProperties(ctx: SchemaDiffContext, dir: Direction, at: string, old: Schema, now: Schema): void {
  const oldProps = (old.properties ?? {}) as Record<string, unknown>;
  const newProps = (now.properties ?? {}) as Record<string, unknown>;
  const oldRequired = new Set((old.required ?? []) as string[]);
  const newRequired = new Set((now.required ?? []) as string[]);
  for (const name of Object.keys(oldProps)) {
    if (Object.hasOwn(newProps, name)) continue;
    const description = String(deref<Schema>(ctx.before, oldProps[name])?.description ?? '');
    const twin = twinOf(name, description, Object.keys(newProps));
    ctx.emit('property-removed', dir, `${at} .${name}`, twin ? `field removed: use \`.${twin}\`` : 'field removed');
  }
  for (const [name, schema] of Object.entries(newProps)) {
    const where = `${at} .${name}`;
    if (!Object.hasOwn(oldProps, name)) {
      if (newRequired.has(name)) ctx.emit('required-property-added', dir, where, 'field added as required');
      else ctx.emit('property-added', dir, where, 'field added');
      continue;
    }
    if (newRequired.has(name) && !oldRequired.has(name))
      ctx.emit('property-made-required', dir, where, 'field made required');
    if (oldRequired.has(name) && !newRequired.has(name))
      ctx.emit('property-made-optional', dir, where, 'field made optional');
    const wasDeprecated = flatten(ctx.before, oldProps[name]).deprecated === true;
    if (!wasDeprecated && flatten(ctx.after, schema).deprecated === true)
      ctx.emit('property-deprecated', dir, where, 'field deprecated');
    compareSchema(ctx, dir, where, oldProps[name], schema);
  }
}

/**
 * The field (or parameter) that replaces a removed one, only on strong evidence: Kalshi's suffixed twins (`yes_bid`
 * → `yes_bid_dollars`, `count` → `count_fp`, `min_ts` → `min_ts_ms`), the cents → dollars migration (`amount_cents` → `amount_dollars`), or
 * the removed field's description naming a new one in backticks ("Deprecated: use `origin`"). A field that merely
 * shares a prefix (`buyer_accepted` → `buyer_accepted_ts`) is no evidence.
 */
export function twinOf(name: string, description: string, remaining: readonly string[]): string | undefined {
  const stem = name.replace(/_cents$/, '');
  const twins = [`${name}_dollars`, `${name}_fp`, `${name}_ms`, ...(stem !== name ? [`${stem}_dollars`] : [])];
  const named = [...description.matchAll(/`([^`]+)`/g)].map((m) => String(m[1]).replace(/^\./, ''));
  return remaining.find((n) => twins.includes(n)) ?? named.find((n) => remaining.includes(n));
}

function compareAdditional(ctx: SchemaDiffContext, dir: Direction, at: string, old: unknown, now: unknown): void {
  const closed = (value: unknown) => value === false;
  if (!closed(old) && closed(now)) ctx.emit('additional-properties-removed', dir, at, 'no longer allows other keys');
  else if (closed(old) && !closed(now)) ctx.emit('additional-properties-allowed', dir, at, 'now allows other keys');
  else if (isSchemaObject(old) && isSchemaObject(now)) compareSchema(ctx, dir, `${at}{}`, old, now);
}

/**
 * Whether compareAdditional has a rule for this pair: closed (`false`) on one side, or a schema on both. The rest (a
 * value schema added to or dropped from an open map, `true` ↔ unset) changes the generated type — `Record<string,
 * never>`, an index signature every property must also satisfy — with no rule of its own (the README and the notes
 * give none): compareUnruled reports it as potentially breaking at its pointer.
 */
function additionalRuled(old: unknown, now: unknown): boolean {
  return old === false || now === false || (isSchemaObject(old) && isSchemaObject(now));
}

function isSchemaObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `oneOf`/`anyOf` variants, matched by `$ref` target, inline ones by position. */
function compareVariants(ctx: SchemaDiffContext, dir: Direction, at: string, old: Schema, now: Schema): void {
  const kind = (s: Schema) => (Array.isArray(s.oneOf) ? 'oneOf' : Array.isArray(s.anyOf) ? 'anyOf' : undefined);
  const [oldKind, newKind] = [kind(old), kind(now)];
  if (!oldKind && !newKind) return;
  if (oldKind && newKind && oldKind !== newKind)
    ctx.emit('composition-changed', dir, at, `${oldKind} changed to ${newKind}`);
  const keyed = (list: unknown[]) => {
    let inline = 0;
    return new Map(list.map((v) => [refOf(v) ? refName(refOf(v)) : `#${++inline}`, v] as const));
  };
  const before = keyed(oldKind ? (old[oldKind] as unknown[]) : []);
  const after = keyed(newKind ? (now[newKind] as unknown[]) : []);
  const label = (key: string) => `${at} (${newKind ?? oldKind} ${key})`;
  for (const [key] of before) if (!after.has(key)) ctx.emit('variant-removed', dir, label(key), 'variant removed');
  for (const [key, schema] of after) {
    if (!before.has(key)) ctx.emit('variant-added', dir, label(key), 'variant added');
    else compareSchema(ctx, dir, label(key), before.get(key), schema);
  }
}

/**
 * Resolves refs and merges `allOf` parts into one schema. Keywords beside a `$ref` are kept and win over its target's
 * (Kalshi writes `{ $ref: FixedPointDollars, nullable: true }`); a part's keywords fill what the schema leaves unset,
 * except that every part holds: enums are intersected and the tightest numeric bound wins.
 * A part that includes the schema again (an `allOf` cycle, refused by validate-spec.ts) adds nothing.
 */
export function flatten(doc: Doc, raw: unknown, including: ReadonlySet<string> = new Set()): Schema {
  const { schema, refs } = resolveKeepingSiblings(doc, raw);
  if (refs.some((ref) => including.has(ref))) return {};
  if (!Array.isArray(schema.allOf)) return schema;
  const inside = new Set([...including, ...refs]);
  const merged: Schema = {
    ...schema,
    properties: { ...((schema.properties ?? {}) as object) },
    required: [...((schema.required ?? []) as string[])],
  };
  delete merged.allOf;
  for (const part of schema.allOf) {
    const flat = flatten(doc, part, inside);
    // Spread, not assigned: a property named `__proto__` stays a property (assigned, it set the prototype).
    merged.properties = { ...(merged.properties as object), ...((flat.properties ?? {}) as object) };
    (merged.required as string[]).push(...((flat.required ?? []) as string[]));
    for (const [key, value] of Object.entries(flat))
      if (key !== 'properties' && key !== 'required' && value !== undefined)
        merged[key] = both(key, merged[key], value);
  }
  return merged;
}

/**
 * A keyword two parts of an `allOf` both set, as a validator reads them (every part holds): the enums' common values,
 * the tighter numeric bound. Any other keyword keeps the value set first. A later part's narrowing was dropped, so a
 * change to it went unreported (round 37, D).
 */
function both(key: string, first: unknown, later: unknown): unknown {
  if (first === undefined) return later;
  if (key === 'enum' && Array.isArray(first) && Array.isArray(later)) {
    const kept = new Set(later.map((v) => JSON.stringify(v)));
    return first.filter((v) => kept.has(JSON.stringify(v)));
  }
  if (typeof first === 'number' && typeof later === 'number') {
    if (UPPER_BOUNDS.includes(key)) return Math.min(first, later);
    if (LOWER_BOUNDS.includes(key)) return Math.max(first, later);
  }
  return first;
}

/** Follows a chain of `$ref`s to a schema; the keywords beside each `$ref` override it (the outermost first). */
function resolveKeepingSiblings(doc: Doc, raw: unknown): { schema: Schema; refs: string[] } {
  const refs: string[] = [];
  let beside: Schema = {};
  let node = raw;
  while (node !== null && typeof node === 'object' && typeof (node as Schema).$ref === 'string') {
    const { $ref, ...siblings } = node as Schema;
    if (refs.includes(String($ref))) return { schema: beside, refs };
    refs.push(String($ref));
    beside = { ...siblings, ...beside };
    node = resolvePointer(doc, String($ref));
  }
  const schema = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Schema) : {};
  return { schema: Object.keys(beside).length ? { ...schema, ...beside } : schema, refs };
}

function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null').map(String);
    return types.length ? types.sort().join('|') : undefined;
  }
  if (schema.properties) return 'object';
  return undefined;
}

/** A schema that says nothing about its value (`{}` or only a description): any JSON value, `unknown` in TypeScript. */
function isUntyped(schema: Schema): boolean {
  const shaping = ['type', 'properties', 'items', 'enum', 'const', 'oneOf', 'anyOf', 'allOf', 'not', '$ref'];
  return !shaping.some((key) => schema[key] !== undefined) && schema.additionalProperties === undefined;
}

function isNullable(schema: Schema): boolean {
  if (nullableWritten(schema)) return true;
  const variants = [...((schema.oneOf ?? []) as Schema[]), ...((schema.anyOf ?? []) as Schema[])];
  return variants.some((v) => v && typeof v === 'object' && v.type === 'null');
}

/** Enum (or `const`) values as JSON text. */
function enumOf(schema: Schema): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.filter((v) => v !== null).map((v) => JSON.stringify(v));
  if (schema.const !== undefined) return [JSON.stringify(schema.const)];
  return undefined;
}

/**
 * A node's `$ref`, a local one in one spelling (`#/components/schemas/M%61rket` is `…/Market`, RFC 6901 §6), or ''.
 */
export function refOf(raw: unknown): string {
  const ref = raw && typeof raw === 'object' ? (raw as Schema).$ref : undefined;
  if (typeof ref !== 'string') return '';
  return ref.startsWith('#/') ? `#/${pointerKeys(ref.slice(2)).map(pointerKey).join('/')}` : ref;
}

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function show(value: unknown): string {
  return value === undefined ? 'none' : `"${String(value)}"`;
}

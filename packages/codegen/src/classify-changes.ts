// Classifies every change between two OpenAPI documents as breaking or not, for a typed client's users:
// - breaking: a removed operation; a removed or renamed field or parameter; a field or parameter made required in a
//   request (or a new required one); a type changed; an enum narrowed in a request; a response field removed or
//   made optional.
// - non-breaking: added operations, optional request fields and parameters, response fields, enum values.
import { listOperations, type SpecOperation } from './operations';
import { deref } from './refs';

export interface SpecChange {
  readonly breaking: boolean;
  /** `METHOD /path` of the operation, or `components.schemas.Name` when found through a shared schema. */
  readonly operation: string;
  readonly operationId: string;
  /** Where inside the operation, e.g. `request body .count` or `response 200 .order.status`. */
  readonly location: string;
  readonly message: string;
}

type Doc = Record<string, unknown>;
type Schema = Record<string, unknown>;
type Direction = 'request' | 'response';

export function classifyChanges(before: Doc, after: Doc): SpecChange[] {
  const changes: SpecChange[] = [];
  const key = (op: SpecOperation) => `${op.method.toUpperCase()} ${op.path}`;
  const oldOps = new Map(listOperations(before).map((op) => [key(op), op]));
  const newOps = new Map(listOperations(after).map((op) => [key(op), op]));

  for (const [name, op] of oldOps) {
    if (!newOps.has(name)) {
      changes.push({
        breaking: true,
        operation: name,
        operationId: op.operationId,
        location: '',
        message: 'operation removed',
      });
    }
  }
  for (const [name, op] of newOps) {
    const old = oldOps.get(name);
    if (!old) {
      changes.push({
        breaking: false,
        operation: name,
        operationId: op.operationId,
        location: '',
        message: 'operation added',
      });
      continue;
    }
    const report = (breaking: boolean, location: string, message: string) =>
      changes.push({ breaking, operation: name, operationId: op.operationId, location, message });
    compareParameters(old, op, report);
    const ctx: Ctx = { before, after, report, seen: new Set() };
    compareSchema(ctx, 'request', 'request body', bodySchema(before, old), bodySchema(after, op));
    for (const status of successStatuses(before, old)) {
      compareSchema(
        ctx,
        'response',
        `response ${status}`,
        responseSchema(before, old, status),
        responseSchema(after, op, status),
      );
    }
    if (!old.operation.deprecated && op.operation.deprecated) report(false, '', 'operation deprecated');
  }
  return changes;
}

type Report = (breaking: boolean, location: string, message: string) => void;

function compareParameters(old: SpecOperation, now: SpecOperation, report: Report): void {
  const id = (p: Schema) => `${String(p.in)} parameter "${String(p.name)}"`;
  const oldParams = new Map(old.parameters.map((p) => [id(p), p]));
  const newParams = new Map(now.parameters.map((p) => [id(p), p]));
  for (const [name] of oldParams) if (!newParams.has(name)) report(true, name, 'removed');
  for (const [name, param] of newParams) {
    const previous = oldParams.get(name);
    if (!previous) {
      report(param.required === true, name, param.required ? 'added as required' : 'added (optional)');
    } else if (param.required === true && previous.required !== true) {
      report(true, name, 'made required');
    }
  }
}

interface Ctx {
  readonly before: Doc;
  readonly after: Doc;
  readonly report: Report;
  /** Pairs of refs already compared on this path, to stop on recursive schemas. */
  readonly seen: Set<string>;
}

function compareSchema(ctx: Ctx, dir: Direction, at: string, rawOld: unknown, rawNew: unknown): void {
  if (rawOld === undefined && rawNew === undefined) return;
  if (rawOld === undefined) {
    ctx.report(dir === 'request', at, 'added');
    return;
  }
  if (rawNew === undefined) {
    ctx.report(true, at, 'removed');
    return;
  }
  const pair = `${refOf(rawOld)}|${refOf(rawNew)}|${dir}`;
  if (refOf(rawOld) && ctx.seen.has(pair)) return;
  if (refOf(rawOld)) ctx.seen.add(pair);

  const old = flatten(ctx.before, rawOld);
  const now = flatten(ctx.after, rawNew);
  const oldType = typeOf(old);
  const newType = typeOf(now);
  if (oldType && newType && oldType !== newType) {
    ctx.report(true, at, `type changed from ${oldType} to ${newType}`);
    return;
  }
  compareEnum(ctx, dir, at, old.enum, now.enum);
  if (old.nullable === true && now.nullable !== true && dir === 'request')
    ctx.report(true, at, 'no longer accepts null');
  if (old.nullable !== true && now.nullable === true && dir === 'response') ctx.report(true, at, 'may now be null');

  const oldProps = (old.properties ?? {}) as Record<string, unknown>;
  const newProps = (now.properties ?? {}) as Record<string, unknown>;
  const oldRequired = new Set((old.required ?? []) as string[]);
  const newRequired = new Set((now.required ?? []) as string[]);
  for (const name of Object.keys(oldProps)) {
    if (!(name in newProps)) ctx.report(true, `${at} .${name}`, 'field removed');
  }
  for (const [name, schema] of Object.entries(newProps)) {
    const where = `${at} .${name}`;
    if (!(name in oldProps)) {
      const required = newRequired.has(name);
      ctx.report(dir === 'request' && required, where, required ? 'field added as required' : 'field added');
      continue;
    }
    if (dir === 'request' && newRequired.has(name) && !oldRequired.has(name))
      ctx.report(true, where, 'field made required');
    if (dir === 'response' && oldRequired.has(name) && !newRequired.has(name))
      ctx.report(true, where, 'field made optional');
    compareSchema(ctx, dir, where, oldProps[name], schema);
  }
  if (old.items !== undefined || now.items !== undefined) compareSchema(ctx, dir, `${at}[]`, old.items, now.items);
}

function compareEnum(ctx: Ctx, dir: Direction, at: string, oldEnum: unknown, newEnum: unknown): void {
  if (!Array.isArray(oldEnum) && !Array.isArray(newEnum)) return;
  const before = new Set(Array.isArray(oldEnum) ? oldEnum.map(String) : []);
  const after = new Set(Array.isArray(newEnum) ? newEnum.map(String) : []);
  const removed = Array.isArray(oldEnum) && Array.isArray(newEnum) ? [...before].filter((v) => !after.has(v)) : [];
  const added = Array.isArray(oldEnum) && Array.isArray(newEnum) ? [...after].filter((v) => !before.has(v)) : [];
  if (!Array.isArray(oldEnum)) {
    ctx.report(dir === 'request', at, `now restricted to ${[...after].map((v) => `"${v}"`).join(', ')}`);
    return;
  }
  if (removed.length) {
    ctx.report(dir === 'request', at, `enum values removed: ${removed.map((v) => `"${v}"`).join(', ')}`);
  }
  if (added.length) ctx.report(false, at, `enum values added: ${added.map((v) => `"${v}"`).join(', ')}`);
}

/** Resolves refs and merges `allOf` parts into one object schema. */
function flatten(doc: Doc, raw: unknown): Schema {
  const schema = deref<Schema>(doc, raw) ?? {};
  if (!Array.isArray(schema.allOf)) return schema;
  const merged: Schema = {
    ...schema,
    properties: { ...((schema.properties ?? {}) as object) },
    required: [...((schema.required ?? []) as string[])],
  };
  delete merged.allOf;
  for (const part of schema.allOf) {
    const flat = flatten(doc, part);
    Object.assign(merged.properties as object, flat.properties ?? {});
    (merged.required as string[]).push(...((flat.required ?? []) as string[]));
    if (flat.type && !merged.type) merged.type = flat.type;
    if (flat.enum && !merged.enum) merged.enum = flat.enum;
  }
  return merged;
}

function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

function refOf(raw: unknown): string {
  return raw && typeof raw === 'object' && typeof (raw as Schema).$ref === 'string' ? String((raw as Schema).$ref) : '';
}

function jsonContent(doc: Doc, holder: unknown): unknown {
  const resolved = deref<Schema>(doc, holder);
  const content = (resolved?.content ?? {}) as Record<string, { schema?: unknown }>;
  return content['application/json']?.schema;
}

function bodySchema(doc: Doc, op: SpecOperation): unknown {
  return jsonContent(doc, op.operation.requestBody);
}

function successStatuses(doc: Doc, op: SpecOperation): string[] {
  return Object.keys((op.operation.responses ?? {}) as object).filter(
    (s) => /^2\d\d$/.test(s) && jsonContent(doc, (op.operation.responses as Schema)[s]),
  );
}

function responseSchema(doc: Doc, op: SpecOperation, status: string): unknown {
  return jsonContent(doc, ((op.operation.responses ?? {}) as Schema)[status]);
}

/** Human-readable lines, breaking first, e.g. "- `POST /portfolio/orders` (CreateOrder): operation removed". */
export function formatChanges(changes: readonly SpecChange[]): string {
  const line = (c: SpecChange) =>
    `- \`${c.operation}\` (${c.operationId})${c.location ? ` ${c.location}` : ''}: ${c.message}`;
  const breaking = changes.filter((c) => c.breaking);
  const other = changes.filter((c) => !c.breaking);
  return [
    `Breaking changes (${breaking.length})`,
    ...breaking.map(line),
    '',
    `Non-breaking changes (${other.length})`,
    ...other.map(line),
  ].join('\n');
}

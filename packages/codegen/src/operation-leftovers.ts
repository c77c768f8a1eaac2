// What changed in an operation that no rule of classify-changes.ts or schema-diff.ts reads: statuses neither success
// nor error (a 3xx) coming or going, response headers and links, non-JSON bodies, a parameter's `content` or
// `allowEmptyValue`, callbacks, tags, vendor extensions. Every such difference is listed, next to whatever else changed, at its JSON pointer.
import { type Difference, differences, type Located } from './differences';
import type { SpecOperation } from './operations';
import { deref, pointerKey } from './refs';

type Doc = Record<string, unknown>;
type Node = Record<string, unknown>;

/** Operation keys a rule reads: the operationId, deprecation, security, servers and (below) parameters and bodies. */
const RULED_KEYS = new Set(['operationId', 'deprecated', 'security', 'servers']);
/** Parameter keys a rule reads (its identity, `required`, deprecation, style and schema). */
const RULED_PARAMETER_KEYS = new Set(['name', 'in', 'required', 'deprecated', 'style', 'explode', 'schema']);
/** The JSON body schema, walked by schema-diff.ts. */
const isJsonSchema = (path: readonly string[]) =>
  path.length === 3 && path[0] === 'content' && path[1] === 'application/json' && path[2] === 'schema';
const isSuccess = (status: string) => /^2\d\d$/.test(status);
/** A documented error status: `404`, a range such as `5XX`, or `default` (what the others do not cover). */
export const isErrorStatus = (status: string) => /^[45](\d\d|XX)$/.test(status) || status === 'default';

/** The differences between two versions of one operation that no rule reads. */
export function operationLeftovers(before: Doc, after: Doc, old: SpecOperation, now: SpecOperation): Difference[] {
  const [a, b] = [locate(old), locate(now)];
  const found = differences(before, after, a, b, {
    followRefs: true,
    ruled: ([key = '']) => RULED_KEYS.has(key) || key === 'parameters' || key === 'requestBody' || key === 'responses',
  });
  const part = (key: string): [Located, Located] => [
    { node: (old.operation as Node)[key], pointer: `${a.pointer}/${key}` },
    { node: (now.operation as Node)[key], pointer: `${b.pointer}/${key}` },
  ];
  // A request body's `required` and its JSON schema have rules; the body coming or going is a schema added or removed.
  found.push(
    ...differences(before, after, ...part('requestBody'), {
      followRefs: true,
      ruled: (path) => (path.length === 1 && path[0] === 'required') || isJsonSchema(path),
    }),
  );
  // A success or error status coming or going has a rule; any other status (a 3xx) is listed here.
  const [oldResponses, newResponses] = [old, now].map((op) => (op.operation.responses ?? {}) as Node);
  for (const status of new Set([...Object.keys(oldResponses ?? {}), ...Object.keys(newResponses ?? {})])) {
    const [was, is] = [oldResponses?.[status], newResponses?.[status]];
    const [from, to] = [`${a.pointer}/responses/${pointerKey(status)}`, `${b.pointer}/responses/${pointerKey(status)}`];
    if (was === undefined || is === undefined) {
      // The status itself, even one with only a description, unless a rule covers it: a success or an error status
      // coming or going.
      if (!isSuccess(status) && !isErrorStatus(status))
        found.push(
          was === undefined ? { pointer: to, kind: 'added', now: is } : { pointer: from, kind: 'removed', old: was },
        );
      continue;
    }
    found.push(
      ...differences(
        before,
        after,
        { node: was, pointer: from },
        { node: is, pointer: to },
        {
          followRefs: true,
          ruled: isJsonSchema,
        },
      ),
    );
  }
  // Parameters are matched by location and name; one added or removed has a rule.
  const [oldParams, newParams] = [parameters(before, old), parameters(after, now)];
  for (const [key, param] of newParams) {
    const previous = oldParams.get(key);
    if (previous)
      found.push(
        ...differences(before, after, previous, param, {
          followRefs: true,
          ruled: (path) => path.length === 1 && RULED_PARAMETER_KEYS.has(String(path[0])),
        }),
      );
  }
  return found;
}

function locate(op: SpecOperation): Located {
  return { node: op.operation, pointer: `/paths/${pointerKey(op.path)}/${op.method}` };
}

/** Path-level then operation-level parameters (the latter win), keyed `in:name`, each where it is written. */
function parameters(doc: Doc, op: SpecOperation): Map<string, Located> {
  const item = ((doc.paths ?? {}) as Record<string, Node>)[op.path] ?? {};
  const result = new Map<string, Located>();
  const at = `/paths/${pointerKey(op.path)}`;
  const lists: [unknown, string][] = [
    [item.parameters, `${at}/parameters`],
    [op.operation.parameters, `${at}/${op.method}/parameters`],
  ];
  for (const [list, pointer] of lists)
    for (const [i, raw] of (Array.isArray(list) ? list : []).entries()) {
      const param = deref<Node>(doc, raw);
      if (param) result.set(`${String(param.in)}:${String(param.name)}`, { node: raw, pointer: `${pointer}/${i}` });
    }
  return result;
}

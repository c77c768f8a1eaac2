// The structural checks an OpenAPI document must pass before anything is classified, generated or locked: what the
// walkers here read without guards, and what openapi-typescript (Redocly) refuses with a stack trace instead of a
// message (a duplicate operationId, a $ref that only points at itself). Each error names the file and the pointer.
import { CodegenError } from './errors';
import { HTTP_METHODS } from './operations';
import { deref, pointerKey, pointerKeys, resolvePointer } from './refs';

type Doc = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks the shape of `paths`, `servers` and the operations, unique operationIds, that no $ref cycles on itself and
 * that no schema includes itself through a composition.
 */
export function assertOpenApiStructure(document: Doc, file = '<spec>'): void {
  const fail = (at: string, problem: string): never => {
    throw new CodegenError('invalid_spec', `${file}: ${at}: ${problem}`, file);
  };
  if (!isObject(document.paths)) fail('/paths', 'must be an object of path items');
  assertInfo(document, 'OpenAPI 3', file);
  if (document.servers !== undefined) {
    if (!Array.isArray(document.servers)) fail('/servers', 'must be a list of servers');
    for (const [i, server] of (document.servers as unknown[]).entries())
      if (!isObject(server) || typeof server.url !== 'string') fail(`/servers/${i}`, 'must be an object with a "url"');
  }
  // OpenAPI 3 §4.8.30: each name in a security requirement MUST be a scheme declared under components.securitySchemes.
  // The manifest reads `auth` and `bearer` from these names: an undeclared one would be guessed at.
  const schemes = isObject(document.components) ? document.components.securitySchemes : undefined;
  const checkSecurity = (security: unknown, at: string) => {
    if (security === undefined) return;
    if (!Array.isArray(security)) fail(at, 'must be a list of security requirements');
    for (const [i, requirement] of (security as unknown[]).entries()) {
      if (!isObject(requirement)) fail(`${at}/${i}`, 'must be an object of scheme names');
      for (const [name, scopes] of Object.entries(requirement as Doc)) {
        const where = `${at}/${i}/${pointerKey(name)}`;
        if (!isObject(schemes) || !Object.hasOwn(schemes, name))
          fail(where, `security scheme "${name}" is not declared in /components/securitySchemes`);
        if (!Array.isArray(scopes)) fail(where, 'must be a list of scopes (often [])');
      }
    }
  };
  checkSecurity(document.security, '/security');
  const ids = new Map<string, string>();
  const templates = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths as Doc)) {
    const at = `/paths/${pointerKey(path)}`;
    if (!isObject(item)) fail(at, 'must be a path item object (it is empty or not a mapping)');
    const pathItem = item as Doc;
    if (pathItem.parameters !== undefined && !Array.isArray(pathItem.parameters))
      fail(`${at}/parameters`, 'must be a list');
    // OpenAPI 3 §4.8.8: "Templated paths with the same hierarchy but different templated names MUST NOT exist" —
    // `/markets/{ticker}` and `/markets/{market_ticker}` are one path to a server, and to the generated `paths`.
    const shape = path.replace(/\{[^}]*\}/g, '{}');
    const twin = templates.get(shape);
    if (twin !== undefined)
      fail(
        at,
        `same path as "${twin}" but for its parameter names (OpenAPI forbids two templated paths that differ only in them)`,
      );
    templates.set(shape, path);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation === undefined) continue;
      const where = `${at}/${method}`;
      if (!isObject(operation)) fail(where, 'must be an operation object');
      const op = operation as Doc;
      if (op.parameters !== undefined && !Array.isArray(op.parameters)) fail(`${where}/parameters`, 'must be a list');
      if (op.responses !== undefined && !isObject(op.responses)) fail(`${where}/responses`, 'must be an object');
      checkSecurity(op.security, `${where}/security`);
      checkPathTemplate(document, path, [pathItem.parameters, op.parameters], (problem) => fail(where, problem));
      if (op.operationId === undefined) continue;
      if (typeof op.operationId !== 'string' || op.operationId === '')
        fail(`${where}/operationId`, 'must be a non-empty string');
      const id = op.operationId as string;
      const first = ids.get(id);
      if (first) fail(`${where}/operationId`, `operationId "${id}" is already used at ${first}`);
      ids.set(id, where);
    }
  }
  assertNoRefCycles(document, file);
  assertRefTargets(document, fail);
  assertSchemaKeywords(document, file);
  assertNoCompositionCycles(document, file);
}

/** What a schema keyword must hold (OpenAPI 3.0's Schema Object, from JSON Schema; 3.1 for a `type` list). */
const KEYWORD_KINDS: Record<string, [(value: unknown) => boolean, string]> = {
  required: [(v) => Array.isArray(v) && v.every((name) => typeof name === 'string'), 'a list of property names'],
  type: [
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string')),
    'a type name (or, in OpenAPI 3.1, a list of them)',
  ],
  enum: [Array.isArray, 'a list of values'],
  allOf: [Array.isArray, 'a list of schemas'],
  oneOf: [Array.isArray, 'a list of schemas'],
  anyOf: [Array.isArray, 'a list of schemas'],
  pattern: [(v) => typeof v === 'string', 'a string (a regular expression)'],
  format: [(v) => typeof v === 'string', 'a string'],
  maximum: [(v) => typeof v === 'number', 'a number'],
  minimum: [(v) => typeof v === 'number', 'a number'],
  multipleOf: [(v) => typeof v === 'number' && v > 0, 'a number above 0'],
  // OpenAPI 3.0 (JSON Schema draft 5): true or false; 3.1 (draft 2020-12): the bound itself.
  exclusiveMaximum: [(v) => typeof v === 'boolean' || typeof v === 'number', 'true or false (or, in 3.1, a number)'],
  exclusiveMinimum: [(v) => typeof v === 'boolean' || typeof v === 'number', 'true or false (or, in 3.1, a number)'],
};
for (const key of ['nullable', 'readOnly', 'writeOnly', 'deprecated', 'uniqueItems'])
  KEYWORD_KINDS[key] = [(v) => typeof v === 'boolean', 'true or false'];
for (const key of ['maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties'])
  KEYWORD_KINDS[key] = [(v) => Number.isInteger(v) && (v as number) >= 0, 'a whole number, 0 or more'];

/**
 * Schema keywords the classifier and the generator read as lists, names, flags or bounds: `required: id` crashed diff
 * and spec:update with a TypeError, `type: 5` or `enum: a` were compared as nothing (round 41, D), `nullable: 'yes'`
 * read as "no longer accepts null" and `maxLength: '5'` as a changed bound (round 43). Refused naming the pointer.
 * Also the AsyncAPI spec's (its `components.schemas`).
 */
export function assertSchemaKeywords(document: Doc, file = '<spec>'): void {
  const fail = (at: string, problem: string): never => {
    throw new CodegenError('invalid_spec', `${file}: ${at}: ${problem}`, file);
  };
  const visit = (node: unknown, keys: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = !Array.isArray(node) && isSchemaAt(keys);
    for (const [key, value] of Object.entries(node)) {
      const kind = schema && Object.hasOwn(KEYWORD_KINDS, key) ? KEYWORD_KINDS[key] : undefined;
      if (kind && !kind[0](value)) fail([...keys, key].map((k) => `/${pointerKey(k)}`).join(''), `must be ${kind[1]}`);
      visit(value, [...keys, key]);
    }
  };
  visit(document, []);
}

/** Schema keywords whose value is a schema, a map of schemas or a list of schemas (JSON Schema, OpenAPI 3.0/3.1). */
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else', 'propertyNames']);
const SUBSCHEMAS = new Set(['properties', 'patternProperties', 'allOf', 'oneOf', 'anyOf', 'prefixItems', '$defs']);

/**
 * Whether the node at a JSON pointer's keys is a schema by where it sits: a `components.schemas` entry, a `schema`
 * (of a parameter, media type or header) and what a schema's keywords hold (properties, items, allOf, …).
 */
function isSchemaAt(keys: readonly string[]): boolean {
  let schema = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (schema) {
      if (SUBSCHEMAS.has(key) && i + 1 < keys.length) i++;
      else if (!SUBSCHEMA.has(key)) return false; // a keyword holding no schema (enum, example, discriminator…)
    } else if (i === 0 && key === 'components' && keys[1] === 'schemas' && keys.length > 2) {
      i = 2;
      schema = true;
    } else if (key === 'schema') schema = true;
    else if (key === 'example' || key === 'examples' || key.startsWith('x-')) return false;
  }
  return schema;
}

/**
 * What a Parameter or Response Object is by where it sits: a `components.parameters` or `components.responses` entry,
 * an entry of a path item's or an operation's `parameters`, an operation's response.
 */
function objectKindAt(keys: readonly string[]): 'parameter' | 'response' | undefined {
  const [first, second, third, fourth] = keys;
  if (first === 'components' && keys.length === 3)
    return second === 'parameters' ? 'parameter' : second === 'responses' ? 'response' : undefined;
  if (first !== 'paths') return undefined;
  if (keys.length === 4 && third === 'parameters') return 'parameter';
  if (keys.length !== 5 || !(HTTP_METHODS as readonly unknown[]).includes(third)) return undefined;
  return fourth === 'parameters' ? 'parameter' : fourth === 'responses' ? 'response' : undefined;
}

/**
 * A $ref must point to what its place holds: a schema's to a schema (openapi-typescript wrote `price?: components`
 * for `$ref: '#/components'`; round 34, K4), a parameter's to a parameter and a response's to a response (one to a
 * schema was generated from the schema's keys, without error; round 35, S6). Refused naming the pointer and where
 * it is used.
 */
function assertRefTargets(document: Doc, fail: (at: string, problem: string) => never): void {
  const visit = (node: unknown, keys: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const target = ref === '#' ? [] : pointerKeys(ref.slice(2));
      const kind = isSchemaAt(keys) ? 'schema' : objectKindAt(keys);
      const same = kind === 'schema' ? isSchemaAt(target) : objectKindAt(target) === kind;
      if (kind !== undefined && !same)
        fail(keys.map((k) => `/${pointerKey(k)}`).join(''), `$ref "${ref}" points to something that is not a ${kind}`);
    }
    for (const [key, value] of Object.entries(node)) visit(value, [...keys, key]);
  };
  visit(document, []);
}

/**
 * OpenAPI 3 and AsyncAPI 3 (Info Object): `info`, its `title` and its `version` are REQUIRED strings; every generated
 * file's header and the manifest's specVersion name them (a header read `"undefined" undefined`; round 34, K2).
 */
export function assertInfo(document: Doc, standard: 'OpenAPI 3' | 'AsyncAPI 3', file = '<spec>'): void {
  const fail = (at: string, problem: string): never => {
    throw new CodegenError('invalid_spec', `${file}: ${at}: ${problem}`, file);
  };
  if (!isObject(document.info)) fail('/info', `is required by ${standard} (an object with a "title" and a "version")`);
  for (const key of ['title', 'version'] as const) {
    const value = (document.info as Doc)[key];
    if (typeof value !== 'string')
      fail(`/info/${key}`, `${value === undefined ? `is required by ${standard}` : 'must be'} a string`);
  }
}

/**
 * OpenAPI 3 §4.8.12: each `{name}` in a path is a path parameter, which MUST be declared (`required: true`, `in:
 * path`) on the path item or the operation; and a path parameter MUST be in the template. Either way the generated
 * operation is unusable: a literal `{bar}` sent, or a value the URL has no place for.
 */
function checkPathTemplate(document: Doc, path: string, lists: unknown[], fail: (problem: string) => never): void {
  const declared = new Set<string>();
  for (const list of lists)
    for (const raw of Array.isArray(list) ? list : []) {
      const parameter = deref(document, raw);
      if (isObject(parameter) && parameter.in === 'path' && typeof parameter.name === 'string')
        declared.add(parameter.name);
    }
  const named = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] as string);
  for (const name of named)
    if (!declared.has(name)) fail(`the path names {${name}} but no path parameter "${name}" is declared`);
  for (const name of declared)
    if (!named.includes(name)) fail(`declares path parameter "${name}", which the path "${path}" does not contain`);
}

/**
 * A `$ref` whose chain of targets comes back to itself without reaching a schema (A → B → A) describes nothing;
 * openapi-typescript refuses it with a stack trace. A recursive schema (Order → children: Order[]) is fine.
 */
export function assertNoRefCycles(document: unknown, file = '<spec>'): void {
  const checked = new Set<string>();
  const visit = (node: unknown, at: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${at}/${i}`);
      return;
    }
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && !checked.has(ref)) {
      const chain = [ref];
      let target = resolvePointer(document, ref);
      for (let next = refIn(target); next !== undefined; next = refIn(target)) {
        if (chain.includes(next))
          throw new CodegenError(
            'invalid_spec',
            `${file}: ${at || '/'}: $ref cycle without a schema: ${[...chain, next].join(' → ')}`,
            file,
          );
        chain.push(next);
        target = resolvePointer(document, next);
      }
      for (const seen of chain) checked.add(seen);
    }
    for (const [key, value] of Object.entries(node)) visit(value, `${at}/${pointerKey(key)}`);
  };
  visit(document, '');
}

function refIn(node: unknown): string | undefined {
  const ref = node !== null && typeof node === 'object' ? (node as { $ref?: unknown }).$ref : undefined;
  return typeof ref === 'string' ? ref : undefined;
}

const COMPOSITIONS = ['allOf', 'oneOf', 'anyOf'] as const;

/**
 * A schema that includes itself through `allOf`, `oneOf` or `anyOf` (directly or through other schemas, not through a
 * property or array items) is a type defined by itself: openapi-typescript writes it and TypeScript refuses it
 * (TS2502), and a walk that merges it never ends. Refused naming the member that closes the cycle and the schemas on it.
 */
export function assertNoCompositionCycles(document: unknown, file = '<spec>'): void {
  const done = new Set<string>();
  const walk = (node: unknown, at: string, open: string[], member: string, keyword: string): void => {
    if (!isObject(node)) return;
    const start = open.indexOf(at);
    if (start >= 0) {
      const chain = [...open.slice(start), at]
        .filter((pointer) => !/\/(allOf|oneOf|anyOf)\/\d+$/.test(pointer))
        .map((pointer) => `#${pointer}`)
        .join(' → ');
      throw new CodegenError(
        'invalid_spec',
        `${file}: ${member}: schema includes itself through ${keyword} (a type defined by itself): ${chain}`,
        file,
      );
    }
    if (done.has(at)) return;
    const inside = [...open, at];
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/'))
      walk(resolvePointer(document, node.$ref), node.$ref.slice(1), inside, member, keyword);
    for (const composition of COMPOSITIONS) {
      const parts = node[composition];
      if (!Array.isArray(parts)) continue;
      for (const [i, part] of parts.entries()) {
        const where = `${at}/${composition}/${i}`;
        walk(part, where, inside, where, composition);
      }
    }
    done.add(at);
  };
  const schemas = (isObject(document) && isObject(document.components) && document.components.schemas) || {};
  for (const name of Object.keys(schemas)) {
    const at = `/components/schemas/${pointerKey(name)}`;
    walk(resolvePointer(document, `#${at}`), at, [], at, '$ref');
  }
}

/**
 * Keys that openapi-typescript's parser (Redocly 1.x, resolve.js) looks up on a plain object of known keys and then
 * calls: these find Object.prototype's method, which throws on the `undefined` it is called with ("Cannot convert
 * undefined or null to object"). `toString` and `constructor` are called too but do not throw. `isPrototypeOf`
 * throws only for an object value (it returns false for any other before reading its receiver).
 */
const UNREADABLE_KEYS = new Set([
  'valueOf',
  'hasOwnProperty',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/**
 * The JSON pointer and name of the first key (in document order) openapi-typescript cannot read (a field `valueOf`,
 * an example's key `hasOwnProperty`), or undefined: named when it has refused a spec, instead of its bare TypeError.
 */
export function keyOpenApiTypescriptCannotRead(document: unknown): { pointer: string; name: string } | undefined {
  const find = (node: unknown, at: string): { pointer: string; name: string } | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    for (const [key, value] of Object.entries(node)) {
      const pointer = `${at}/${pointerKey(key)}`;
      if (!Array.isArray(node) && (UNREADABLE_KEYS.has(key) || (key === 'isPrototypeOf' && isObject(value))))
        return { pointer, name: key };
      const found = find(value, pointer);
      if (found) return found;
    }
    return undefined;
  };
  return find(document, '');
}

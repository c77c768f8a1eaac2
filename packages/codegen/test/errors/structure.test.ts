import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CodegenError, classifyChanges, generate } from '../../src';
import { CLI, tempDir } from '../helpers';

// Specs that parse as OpenAPI 3 but that the generator could not use: each is refused before anything is written,
// with one line naming the file and the JSON pointer, from the library and from both CLI commands.
// biome-ignore lint/suspicious/noExplicitAny: test documents are mutated freely
type Doc = Record<string, any>;
const base = (): Doc => ({
  openapi: '3.0.0',
  info: { title: 'structure', version: '1.0.0' },
  servers: [{ url: 'https://api.test/v2' }],
  paths: {
    '/things': { get: { operationId: 'GetThings', responses: { '200': { $ref: '#/components/responses/Things' } } } },
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'GetThing', responses: { '200': { $ref: '#/components/responses/Things' } } },
    },
  },
  components: {
    responses: {
      Things: {
        description: 'ok',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
      },
    },
    schemas: { Thing: { type: 'object', properties: { id: { type: 'string' } } } },
  },
});

const cases: [string, (d: Doc) => void, RegExp][] = [
  [
    'a duplicate operationId',
    (d) => (d.paths['/things/{id}'].get.operationId = 'GetThings'),
    /\/paths\/~1things~1\{id\}\/get\/operationId: operationId "GetThings" is already used at \/paths\/~1things\/get/,
  ],
  [
    'a $ref cycle without a schema',
    (d) => {
      d.components.schemas.LoopA = { $ref: '#/components/schemas/LoopB' };
      d.components.schemas.LoopB = { $ref: '#/components/schemas/LoopA' };
      d.components.schemas.Thing.properties.loop = { $ref: '#/components/schemas/LoopA' };
    },
    /\/components\/schemas\/Thing\/properties\/loop: \$ref cycle without a schema: #\/components\/schemas\/LoopA → #\/components\/schemas\/LoopB → #\/components\/schemas\/LoopA/,
  ],
  ['an empty path item', (d) => (d.paths['/broken'] = null), /\/paths\/~1broken: must be a path item object/],
  // OpenAPI 3 (Security Requirement Object): each name MUST correspond to a scheme under components.securitySchemes.
  [
    "an operation's security naming an undeclared scheme",
    (d) => {
      d.components.securitySchemes = { apiKey: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-KEY' } };
      d.paths['/things'].get.security = [{ apiKey: [] }, { oauth: [] }];
    },
    /\/paths\/~1things\/get\/security\/1\/oauth: security scheme "oauth" is not declared in \/components\/securitySchemes/,
  ],
  [
    "the document's security without any scheme declared",
    (d) => (d.security = [{ apiKey: [] }]),
    /\/security\/0\/apiKey: security scheme "apiKey" is not declared/,
  ],
  [
    "a security requirement's scopes not a list",
    (d) => {
      d.components.securitySchemes = { apiKey: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-KEY' } };
      d.paths['/things'].get.security = [{ apiKey: 'all' }];
    },
    /\/paths\/~1things\/get\/security\/0\/apiKey: must be a list of scopes/,
  ],
  [
    'security not a list',
    (d) => (d.paths['/things'].get.security = { apiKey: [] }),
    /\/paths\/~1things\/get\/security: must be a list of security requirements/,
  ],
  ['servers given as an object', (d) => (d.servers = { url: 'https://x' }), /\/servers: must be a list of servers/],
  [
    'a server without a url',
    (d) => (d.servers = [{ description: 'x' }]),
    /\/servers\/0: must be an object with a "url"/,
  ],
  ['paths given as a list', (d) => (d.paths = []), /\/paths: must be an object of path items/],
  [
    'parameters not a list',
    (d) => (d.paths['/things'].get.parameters = { name: 'x' }),
    /\/paths\/~1things\/get\/parameters: must be a list/,
  ],
  // A-D5 (round 14): openapi-typescript writes `Thing: components['schemas']['Thing'] & {…}`, which TypeScript refuses
  // (TS2502), and a walk merging the allOf never ends.
  [
    'a schema that includes itself through allOf',
    (d) => (d.components.schemas.Thing.allOf = [{ $ref: '#/components/schemas/Thing' }]),
    /\/components\/schemas\/Thing\/allOf\/0: schema includes itself through allOf \(a type defined by itself\): #\/components\/schemas\/Thing → #\/components\/schemas\/Thing$/m,
  ],
  [
    'two schemas that include each other through oneOf',
    (d) => {
      d.components.schemas.Thing.oneOf = [{ $ref: '#/components/schemas/Other' }];
      d.components.schemas.Other = { oneOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'string' }] };
    },
    /\/components\/schemas\/Other\/oneOf\/0: schema includes itself through oneOf \(a type defined by itself\): #\/components\/schemas\/Thing → #\/components\/schemas\/Other → #\/components\/schemas\/Thing$/m,
  ],
  // Round 26 (S-D5). OpenAPI 3 §4.8.12: a template's `{name}` MUST be a declared path parameter, and a path parameter
  // MUST be in the template; §4.8.8: templated paths differing only in their parameter names MUST NOT exist.
  [
    'a path naming a parameter that is not declared',
    (d) => (d.paths['/foo/{bar}'] = { get: { operationId: 'GetFoo', responses: { '200': { description: 'ok' } } } }),
    /\/paths\/~1foo~1\{bar\}\/get: the path names \{bar\} but no path parameter "bar" is declared/,
  ],
  [
    'a path parameter (behind a $ref) that the path does not contain',
    (d) => {
      d.components.parameters = { Limit: { name: 'limit', in: 'path', required: true, schema: { type: 'string' } } };
      d.paths['/things'].get.parameters = [{ $ref: '#/components/parameters/Limit' }];
    },
    /\/paths\/~1things\/get: declares path parameter "limit", which the path "\/things" does not contain/,
  ],
  [
    'two paths that differ only in their parameter names',
    (d) =>
      (d.paths['/things/{thing_id}'] = {
        parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'string' } }],
        delete: { operationId: 'DeleteThing', responses: { '204': { description: 'gone' } } },
      }),
    /\/paths\/~1things~1\{thing_id\}: same path as "\/things\/\{id\}" but for its parameter names \(OpenAPI forbids two templated paths that differ only in them\)/,
  ],
  // Round 34 (K4): openapi-typescript wrote `price?: components` for a $ref to the components object. OpenAPI 3: a
  // schema's $ref is a Reference to a Schema Object; the components object and a path item are none.
  [
    'a property whose $ref is the components object',
    (d) => (d.components.schemas.Thing.properties.price = { $ref: '#/components' }),
    /\/components\/schemas\/Thing\/properties\/price: \$ref "#\/components" points to something that is not a schema/,
  ],
  [
    "a response's schema whose $ref is a path item",
    (d) => (d.components.responses.Things.content['application/json'].schema = { $ref: '#/paths/~1things' }),
    /\/components\/responses\/Things\/content\/application~1json\/schema: \$ref "#\/paths\/~1things" points to something that is not a schema/,
  ],
  [
    'array items whose $ref is the schemas map',
    (d) => (d.components.schemas.Thing.properties.all = { type: 'array', items: { $ref: '#/components/schemas' } }),
    /\/components\/schemas\/Thing\/properties\/all\/items: \$ref "#\/components\/schemas" points to something that is not a schema/,
  ],
  // Round 35 (S6), the reverse: OpenAPI 3 makes a parameter's $ref a Reference to a Parameter Object and a response's one
  // to a Response Object. A schema there has no `in` or `name` (nor `description`, `content`): the operation's
  // parameter or answer would be generated from a schema's keys, or dropped.
  [
    'an operation parameter whose $ref is a schema',
    (d) => (d.paths['/things'].get.parameters = [{ $ref: '#/components/schemas/Thing' }]),
    /\/paths\/~1things\/get\/parameters\/0: \$ref "#\/components\/schemas\/Thing" points to something that is not a parameter/,
  ],
  [
    "a path item's parameter whose $ref is a schema",
    (d) => d.paths['/things/{id}'].parameters.push({ $ref: '#/components/schemas/Thing' }),
    /\/paths\/~1things~1\{id\}\/parameters\/1: \$ref "#\/components\/schemas\/Thing" points to something that is not a parameter/,
  ],
  [
    'a response whose $ref is a schema',
    (d) => (d.paths['/things'].get.responses['200'] = { $ref: '#/components/schemas/Thing' }),
    /\/paths\/~1things\/get\/responses\/200: \$ref "#\/components\/schemas\/Thing" points to something that is not a response/,
  ],
  [
    'a response of components.responses whose $ref is a schema',
    (d) => (d.components.responses.Other = { $ref: '#/components/schemas/Thing' }),
    /\/components\/responses\/Other: \$ref "#\/components\/schemas\/Thing" points to something that is not a response/,
  ],
  // Round 41 (D): schema keywords of the wrong kind. OpenAPI 3.0's Schema Object takes them from JSON Schema: `required`
  // MUST be an array of strings, `enum` an array, `allOf`/`oneOf`/`anyOf` arrays of schemas, `type` a string (3.1: or
  // an array of strings). `required: id` crashed diff and spec:update with a TypeError and its stack, and generate
  // went on; `type: 5` and `enum: bid` were compared as nothing or as no enum at all (a wrong "no change").
  [
    "a schema's required given as one name",
    (d) => (d.components.schemas.Thing.required = 'id'),
    /\/components\/schemas\/Thing\/required: must be a list of property names/,
  ],
  [
    "a property's type given as a number",
    (d) => (d.components.schemas.Thing.properties.id.type = 5),
    /\/components\/schemas\/Thing\/properties\/id\/type: must be a type name \(or, in OpenAPI 3\.1, a list of them\)/,
  ],
  [
    "a property's enum given as one value",
    (d) => (d.components.schemas.Thing.properties.id.enum = 'a'),
    /\/components\/schemas\/Thing\/properties\/id\/enum: must be a list of values/,
  ],
  [
    "a schema's allOf given as one schema",
    (d) => (d.components.schemas.Thing.allOf = { type: 'object' }),
    /\/components\/schemas\/Thing\/allOf: must be a list of schemas/,
  ],
];

describe.each(cases)('on %s', (_name, mutate, message) => {
  const doc = base();
  mutate(doc);
  const file = join(tempDir(), 'bad.yaml');
  writeFileSync(file, stringify(doc));

  it('the library throws an invalid_spec CodegenError naming the file and the pointer', async () => {
    const error = await generate({ spec: file, out: tempDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as CodegenError).code).toBe('invalid_spec');
    expect((error as CodegenError).message).toMatch(new RegExp(`bad\\.yaml: ${message.source}`));
    // One line: what the CLI's generate prints of it (its catch prints every CodegenError's message the same way).
    expect((error as CodegenError).message.split('\n')).toHaveLength(1);
  });

  // The CLI's diff checks the structure itself (before classifying): spawned for every case. Its generate prints the
  // library's error (above), so one case proves that wiring: each spawn of it costs about 2.5 s on a loaded machine.
  it.each(_name === cases[0]?.[0] ? ['generate', 'diff'] : ['diff'])(
    'the CLI %s prints one line and exits 1',
    (command) => {
      const ok = join(tempDir(), 'ok.yaml');
      writeFileSync(ok, stringify(base()));
      const args = command === 'generate' ? ['generate', '--spec', file, '--out', tempDir()] : ['diff', ok, file];
      const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
    60_000,
  );
});

// Round 43: flags and bounds of the wrong kind (JSON Schema: `nullable`, `readOnly`… booleans; `maxLength`, `minItems`…
// non-negative integers; `maximum` a number). `nullable: 'yes'` was classified as "no longer accepts null" and
// `maxLength: '5'` as a changed bound. Library only: the CLI's wiring is shown once above.
const keywordCases: [string, (d: Doc) => void, RegExp][] = [
  [
    "a property's nullable given as a word",
    (d) => (d.components.schemas.Thing.properties.id.nullable = 'yes'),
    /\/components\/schemas\/Thing\/properties\/id\/nullable: must be true or false/,
  ],
  [
    "a parameter's maxLength given as text",
    (d) => (d.paths['/things/{id}'].parameters[0].schema.maxLength = '5'),
    /\/paths\/~1things~1\{id\}\/parameters\/0\/schema\/maxLength: must be a whole number, 0 or more/,
  ],
  [
    "a property's minItems below 0",
    (d) => (d.components.schemas.Thing.properties.id.minItems = -1),
    /\/components\/schemas\/Thing\/properties\/id\/minItems: must be a whole number, 0 or more/,
  ],
  [
    "a schema's required given as one name (classifyChanges called directly crashed with a TypeError)",
    (d) => (d.components.schemas.Thing.required = 'id'),
    /\/components\/schemas\/Thing\/required: must be a list of property names/,
  ],
  [
    "a property's maximum given as text",
    (d) => (d.components.schemas.Thing.properties.id.maximum = '10'),
    /\/components\/schemas\/Thing\/properties\/id\/maximum: must be a number/,
  ],
];

describe.each(keywordCases)('on %s', (_name, mutate, message) => {
  const doc = base();
  mutate(doc);
  it('generate throws an invalid_spec CodegenError naming the file and the pointer', async () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, stringify(doc));
    const error = await generate({ spec: file, out: tempDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as CodegenError).message).toMatch(new RegExp(`bad\\.yaml: ${message.source}`));
  });
  it('classifyChanges called directly throws it too, naming the side', () => {
    expect(() => classifyChanges(base(), doc)).toThrow(new RegExp(`<after>: ${message.source}`));
    expect(() => classifyChanges(doc, base())).toThrow(new RegExp(`<before>: ${message.source}`));
  });
});

// A property may be named like a keyword: only schemas' own keywords are checked.
it('accepts properties named nullable, maxLength and required', async () => {
  const doc = base();
  Object.assign(doc.components.schemas.Thing.properties, {
    nullable: { type: 'string' },
    maxLength: { type: 'integer' },
    required: { type: 'boolean' },
  });
  expect(() => classifyChanges(base(), doc)).not.toThrow();
  const file = join(tempDir(), 'names.yaml');
  writeFileSync(file, stringify(doc));
  await expect(generate({ spec: file, out: tempDir() })).resolves.toMatchObject({ operationCount: 2 });
});

describe('a schema that includes itself through allOf (A-D5, round 14)', () => {
  const cyclic = () => {
    const doc = base();
    doc.components.schemas.Thing.allOf = [{ $ref: '#/components/schemas/Thing' }];
    return doc;
  };
  it('is refused before anything is written', async () => {
    const spec = join(tempDir(), 'cyclic.yaml');
    writeFileSync(spec, stringify(cyclic()));
    const out = join(tempDir(), 'out');
    await expect(generate({ spec, out })).rejects.toThrow(/schema includes itself through allOf/);
    expect(existsSync(out)).toBe(false);
  });
  it('does not stop classifyChanges (a library user may skip the checks)', () => {
    expect(() => classifyChanges(base(), cyclic())).not.toThrow();
  });
});

it('accepts a recursive schema (a $ref cycle through a schema)', async () => {
  const doc = base();
  doc.components.schemas.Thing.properties.children = { type: 'array', items: { $ref: '#/components/schemas/Thing' } };
  const file = join(tempDir(), 'recursive.yaml');
  writeFileSync(file, stringify(doc));
  await expect(generate({ spec: file, out: tempDir() })).resolves.toMatchObject({ operationCount: 2 });
});

// A $ref is a JSON pointer: one to a schema that is not under components.schemas is still one to a schema (K4).
it('accepts a $ref to a schema inside a path or a property', async () => {
  const doc = base();
  doc.components.schemas.Thing.properties.copy = { $ref: '#/components/schemas/Thing/properties/id' };
  doc.components.schemas.Thing.properties.key = { $ref: '#/paths/~1things~1{id}/parameters/0/schema' };
  const file = join(tempDir(), 'pointers.yaml');
  writeFileSync(file, stringify(doc));
  await expect(generate({ spec: file, out: tempDir() })).resolves.toMatchObject({ operationCount: 2 });
});

// A $ref is a URI reference (OpenAPI 3.0 §4.8.23): its fragment is a JSON pointer in URI-fragment form, which is
// percent-encoded (RFC 6901 §6; RFC 3986 §2: `{` and `}` must be, `%69` is `i`). The generator called such a ref
// unresolved and refused the spec, though openapi-typescript, which renders the types, resolves it (round 36, D).
it('accepts a $ref whose JSON pointer is percent-encoded (URI-fragment form)', async () => {
  const doc = base();
  doc.components.schemas.Thing.properties.key = { $ref: '#/paths/~1things~1%7Bid%7D/parameters/0/schema' };
  doc.components.responses.Things.content['application/json'].schema = { $ref: '#/components/schemas/Th%69ng' };
  const file = join(tempDir(), 'encoded-pointers.yaml');
  writeFileSync(file, stringify(doc));
  const out = tempDir();
  await expect(generate({ spec: file, out })).resolves.toMatchObject({ operationCount: 2 });
  expect(readFileSync(join(out, 'openapi.ts'), 'utf8')).toContain('"application/json": components["schemas"]["Thing"]');
});

// openapi-typescript's parser (Redocly 1.x, resolve.js) looks each object key up on a plain object of known keys and
// calls what it finds: a key `valueOf` or `hasOwnProperty` found Object.prototype's method, which threw "Cannot convert
// undefined or null to object", printed as if the spec were broken. Such a key is legal JSON and OpenAPI (a field, an
// example's key); the notes are silent. `diff` reads it fine (reserved-names.test.ts); `generate` cannot, so it says
// where and why before openapi-typescript runs, and writes nothing.
describe('a key openapi-typescript cannot read (valueOf, hasOwnProperty, …)', () => {
  const cases: [string, (d: Doc) => void, string][] = [
    [
      'a field valueOf',
      (d) => (d.components.schemas.Thing.properties.valueOf = { type: 'string' }),
      '/components/schemas/Thing/properties/valueOf',
    ],
    [
      'a field hasOwnProperty',
      (d) => (d.components.schemas.Thing.properties.hasOwnProperty = { type: 'string' }),
      '/components/schemas/Thing/properties/hasOwnProperty',
    ],
    [
      'an example key toLocaleString',
      (d) => (d.components.schemas.Thing.example = { toLocaleString: 1 }),
      '/components/schemas/Thing/example/toLocaleString',
    ],
  ];
  it.each(cases)(
    '%s: generate names its pointer, writes nothing; diff still reads it',
    async (_name, mutate, pointer) => {
      const doc = base();
      mutate(doc);
      const spec = join(tempDir(), 'reserved.yaml');
      writeFileSync(spec, stringify(doc));
      const out = join(tempDir(), 'out');
      const error = await generate({ spec, out }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodegenError);
      expect((error as CodegenError).code).toBe('invalid_spec');
      expect((error as CodegenError).message).toContain(`reserved.yaml: ${pointer}: `);
      expect((error as CodegenError).message).toMatch(/rename it/);
      expect((error as CodegenError).message).not.toMatch(/Cannot convert undefined/);
      expect(existsSync(out)).toBe(false);
      const ok = join(tempDir(), 'ok.yaml');
      writeFileSync(ok, stringify(base()));
      expect(spawnSync(process.execPath, [CLI, 'diff', ok, spec], { encoding: 'utf8' }).status).toBe(0);
    },
    60_000,
  );
});

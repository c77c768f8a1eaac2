import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodegenError, generate } from '../../src';
import { CLI, FIXTURES, specOf, tempDir } from '../helpers';

const cases = [
  {
    name: 'a missing file',
    file: 'does-not-exist.yaml',
    code: 'file_not_found',
    message: /does-not-exist\.yaml: spec file not found/,
  },
  {
    name: 'invalid YAML, with its line',
    file: 'invalid-yaml.yaml',
    code: 'invalid_yaml',
    message: /invalid-yaml\.yaml:7:\d+: invalid YAML/,
  },
  {
    name: 'a document that is not OpenAPI 3.x',
    file: 'swagger2.yaml',
    code: 'not_openapi',
    message: /not an OpenAPI 3\.x document \(swagger 2\.0\)/,
  },
  {
    name: 'an unresolved $ref, by name',
    file: 'unresolved-ref.yaml',
    code: 'unresolved_ref',
    message: /unresolved \$ref "#\/components\/schemas\/Missing" at \/paths\/~1a\/get/,
  },
] as const;

describe.each(cases)('on $name', ({ file, code, message }) => {
  const spec = join(FIXTURES, file);

  it('the library throws a CodegenError naming the file and the problem', async () => {
    const error = await generate({ spec, out: tempDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as CodegenError).code).toBe(code);
    expect((error as CodegenError).message).toMatch(message);
  });

  it('the CLI prints the message and exits 1', () => {
    const run = spawnSync(process.execPath, [CLI, 'generate', '--spec', spec, '--out', tempDir()], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});

it('the CLI names a missing required argument', () => {
  const run = spawnSync(process.execPath, [CLI, 'generate', '--spec', join(FIXTURES, 'minimal.yaml')], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('--out DIR is required');
});

it('the CLI generates a small spec and says what it wrote', () => {
  const run = spawnSync(
    process.execPath,
    [CLI, 'generate', '--spec', join(FIXTURES, 'minimal.yaml'), '--out', tempDir()],
    {
      encoding: 'utf8',
    },
  );
  expect(run.stderr).toBe('');
  expect(run.stdout).toMatch(/1 operations from spec 1\.0\.0 → 8 files/);
  expect(run.status).toBe(0);
});

// Outside test round 11, E-D10: the CLI's rule (cli.ts) is one line naming the file; an --out that cannot be a folder
// named neither --out nor what was wrong ("EEXIST: file already exists, mkdir …"). The notes are silent (our CLI).
describe('an --out that cannot be written', () => {
  const spec = join(FIXTURES, 'minimal.yaml');
  const aFile = () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    return file;
  };

  it.each([
    ['an existing file', (file: string) => file, /^kalshi-codegen: --out: ".*a-file" is a file, not a directory\n$/],
    [
      'a folder under a file',
      (file: string) => join(file, 'out'),
      /^kalshi-codegen: --out: ".*a-file\/out": a part of it is a file, not a directory\n$/,
    ],
  ])('the CLI names --out and the path for %s, in one line, exit 1', (_, out, message) => {
    const run = spawnSync(process.execPath, [CLI, 'generate', '--spec', spec, '--out', out(aFile())], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('the library throws a CodegenError naming the out option and the path', async () => {
    const file = aFile();
    const error = await generate({ spec, out: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'out_unwritable', file });
    expect((error as Error).message).toBe(`out: "${file}" is a file, not a directory`);
  });
});

// Round 37 (D): Node 20's `mkdir(out, { recursive: true })` never settles where mkdir answers ENOENT under a parent that
// exists, as /proc does (procfs makes no folders): `kalshi-codegen generate --out /proc/x` spun a core forever. The notes
// are silent (our CLI); a refused --out fails at once, naming it (as the cases above). /proc is Linux's, as is CI's.
describe('an --out where no folder can be made', () => {
  const spec = join(FIXTURES, 'minimal.yaml');

  it.each(['/proc/kalshi-codegen-out', '/proc/kalshi-codegen-out/deeper'])(
    'the library rejects %s with a CodegenError naming the path',
    async (out) => {
      const error = await generate({ spec, out }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodegenError);
      expect(error).toMatchObject({ code: 'out_unwritable', file: out });
      expect((error as Error).message).toMatch(
        /^out: "\/proc\/kalshi-codegen-out(\/deeper)?": cannot be written \(ENOENT\)$/,
      );
    },
  );

  it('makes every missing folder of a deeper out, and reuses an existing one', async () => {
    const out = join(tempDir(), 'a', 'b');
    await generate({ spec, out });
    await generate({ spec, out });
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['manifest.ts', 'openapi.ts']));
  });
});

// A write that fails part way (a file of the set that cannot be written) left the files written before it from the new
// spec and the rest from the old: an openapi.ts whose operations the manifest.ts beside it does not list. The notes are
// silent (our generator); a failed generate leaves `out` as it was, like a failed spec:update (scripts/spec-update.mjs).
describe('a write into out that fails part way', () => {
  const spec = join(FIXTURES, 'minimal.yaml');
  const changed = () => {
    const file = join(tempDir(), 'changed.yaml');
    const doc = specOf(spec)((d) => {
      d.info.version = '2.0.0';
    });
    writeFileSync(file, JSON.stringify(doc));
    return file;
  };
  const blocked = async (out: string) => {
    // manifest.ts, written after openapi.ts, is a folder: that write fails.
    rmSync(join(out, 'manifest.ts'), { force: true });
    mkdirSync(join(out, 'manifest.ts'));
    return generate({ spec: changed(), out }).catch((e: unknown) => e);
  };

  it('puts back the files it had written over, byte for byte', async () => {
    const out = tempDir();
    await generate({ spec, out });
    const before = Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]));
    const error = await blocked(out);
    expect(error).toMatchObject({ code: 'out_unwritable' });
    for (const [name, text] of Object.entries(before))
      if (name !== 'manifest.ts') expect({ name, text: readFileSync(join(out, name), 'utf8') }).toEqual({ name, text });
  });

  it('removes the files it had created', async () => {
    const out = tempDir();
    const error = await blocked(out);
    expect(error).toMatchObject({ code: 'out_unwritable' });
    expect(readdirSync(out)).toEqual(['manifest.ts']);
  });
});

// Round 41 (D): a Ctrl-C (SIGINT) or a CI runner's SIGTERM between two writes killed `kalshi-codegen generate` at once,
// leaving openapi.ts from the new spec beside manifest.ts from the old (the set the failed write above puts back). The
// notes are silent (our CLI): interrupted, it puts `out` back as it was, says so in one line and exits 128 + the
// signal's number, as a shell reports a process the signal ended.
describe('a generate interrupted between two writes', () => {
  const spec = join(FIXTURES, 'minimal.yaml');
  const preload = join(FIXTURES, 'signal-after-write.mjs');
  const newer = () => {
    const file = join(tempDir(), 'newer.json');
    const doc = specOf(spec)((d) => {
      d.info.version = '2.0.0';
    });
    writeFileSync(file, JSON.stringify(doc));
    return file;
  };
  const interrupted = (out: string, signal: 'SIGINT' | 'SIGTERM') =>
    spawnSync(process.execPath, ['--import', preload, CLI, 'generate', '--spec', newer(), '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, SIGNAL_IN: out, SIGNAL_AFTER: '1', SIGNAL: signal },
    });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s, puts back the files it had written and exits %i',
    async (signal, status) => {
      const out = tempDir();
      await generate({ spec, out });
      const before = Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]));
      const run = interrupted(out, signal);
      expect({ status: run.status, signal: run.signal }).toEqual({ status, signal: null });
      expect(run.stderr).toContain(`interrupted by ${signal}`);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      const after = Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]));
      expect(after).toEqual(before);
    },
    60_000,
  );

  it('removes the files it had created', () => {
    const out = tempDir();
    const run = interrupted(out, 'SIGINT');
    expect(run.status).toBe(130);
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);
});

// Round 19 C-G09: validate-spec does not check that a property's value is a schema; openapi-typescript refuses it with
// a message that quotes the property's name ("invalid property <name>. Expected Schema Object or boolean, …"). A name
// holding a line break made that message two lines, and the CLI's rule (cli.ts) is one line naming the file. The
// notes are silent (our CLI).
describe('a property that is not a schema, its name holding a line break', () => {
  const specFile = () => {
    const doc = specOf(join(FIXTURES, 'minimal.yaml'))((d) => {
      d.components.schemas.Broken = { type: 'object', properties: { 'first\nsecond': 5 } };
    });
    const file = join(tempDir(), 'spec.json');
    writeFileSync(file, JSON.stringify(doc));
    return file;
  };

  it('the library throws a one-line CodegenError naming the file and the schema', async () => {
    const spec = specFile();
    const error = await generate({ spec, out: tempDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'invalid_spec', file: spec });
    expect((error as Error).message).toMatch(
      /openapi-typescript cannot generate types from it: #\/components\/schemas\/Broken: invalid property first/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('the CLI prints it in one line and exits 1', () => {
    const run = spawnSync(process.execPath, [CLI, 'generate', '--spec', specFile(), '--out', tempDir()], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /spec\.json: openapi-typescript cannot generate types from it: #\/components\/schemas\/Broken/,
    );
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

// Attack round 22, A11/A13: generate() crashed inside ("reading 'spec'"); a misspelt withSchemas or asyncApi skipped
// openapi.json or asyncapi.ts without a word (the CLI refuses --with-schemas); withSchema: 'false' wrote openapi.json.
// Every one is refused before anything is read or written, naming the option, as the CLI names its flags.
describe('generate refuses options it does not take or cannot use, naming them, and writes nothing', () => {
  const spec = join(FIXTURES, 'minimal.yaml');
  it.each([
    ['withSchemas: true', { withSchemas: true }, 'generate: withSchemas is not an option; did you mean withSchema?'],
    ['asyncApi: a file', { asyncApi: 'x.yaml' }, 'generate: asyncApi is not an option; did you mean asyncapi?'],
    ['schema: true', { schema: true }, 'generate: schema is not an option; it takes spec, out, withSchema, asyncapi'],
    [
      "withSchema: 'false'",
      { withSchema: 'false' },
      'generate: withSchema: expected a boolean (true or false), got a string',
    ],
    ['asyncapi: 1', { asyncapi: 1 }, 'generate: asyncapi: expected a non-empty string, got a number'],
    ['spec: undefined', { spec: undefined }, 'generate: spec: is required'],
  ])('%s', async (_, extra, message) => {
    const out = join(tempDir(), 'out');
    const error = await generate({ spec, out, ...extra } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'bad_arguments', message });
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['nothing', undefined, 'generate: options: expected { spec, out } (and withSchema, asyncapi), got undefined'],
    ['a string', spec, 'generate: options: expected { spec, out } (and withSchema, asyncapi), got a string'],
  ])('options that are %s', async (_, options, message) => {
    const error = await generate(options as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CodegenError', code: 'bad_arguments', message });
  });
});

// Attack round 24, A7: `kalshi-codegen diff` printed the spec's names as they were, so a parameter named
// `evil\x1b[2K\r\x1b[32mNo breaking changes\x1b[0m` erased its own "breaking" line on a terminal and showed a green
// "No breaking changes". The notes are silent (our CLI): every control character is printed as a visible escape.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChanges, renderChangeset } from '../../src';
import { CLI, FIXTURES, specOf, tempDir } from '../helpers';

const PARAMETER = 'evil\u001b[2K\r\u001b[32mNo breaking changes\u001b[0m';
const PATH = '/x\u001b]0;owned\u0007\u2028';
const OPERATION_ID = 'Evil\u001b[1A\u0085';
// What a user sees instead: each control character as an escape, the rest as it was.
const PARAMETER_SHOWN = 'evil\\x1b[2K\\r\\x1b[32mNo breaking changes\\x1b[0m';
const PATH_SHOWN = '/x\\x1b]0;owned\\x07\\u2028';
const OPERATION_ID_SHOWN = 'Evil\\x1b[1A\\x85';
// C0 (but the line breaks between lines), DEL, C1 and U+2028/U+2029.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

const minimal = specOf(join(FIXTURES, 'minimal.yaml'));
const before = minimal();
const after = minimal((d) => {
  d.paths['/things/{id}'].get.parameters.push({
    name: PARAMETER,
    in: 'query',
    required: true,
    schema: { type: 'string' },
  });
  d.paths[PATH] = { get: { operationId: OPERATION_ID, responses: { 200: { description: 'ok' } } } };
});

describe('spec names holding control characters', () => {
  it('kalshi-codegen diff prints them as visible escapes, and still fails on the breaking change', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'old.json'), JSON.stringify(before));
    writeFileSync(join(dir, 'new.json'), JSON.stringify(after));
    const run = spawnSync(
      process.execPath,
      [CLI, 'diff', join(dir, 'old.json'), join(dir, 'new.json'), '--fail-on', 'breaking'],
      { encoding: 'utf8' },
    );
    expect(run.stdout).not.toMatch(CONTROL);
    expect(run.stdout).toContain(`  + GET    ${PATH_SHOWN}  ${OPERATION_ID_SHOWN}`);
    expect(run.stdout).toContain(`query parameter "${PARAMETER_SHOWN}": added as required`);
    expect(run.stdout).toMatch(/^Breaking changes \(1\)$/m);
    expect(run.status).toBe(2);
  });

  it('an error naming one prints it as visible escapes, in one line', () => {
    const dir = tempDir();
    const broken = minimal((d) => {
      d.paths['/things/{id}'].get.responses['200'].content['application/json'].schema = {
        $ref: `#/components/schemas/${PARAMETER}`,
      };
    });
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    const run = spawnSync(process.execPath, [CLI, 'diff', join(FIXTURES, 'minimal.yaml'), join(dir, 'broken.json')], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(CONTROL);
    expect(run.stderr).toContain(`unresolved $ref "#/components/schemas/${PARAMETER_SHOWN}"`);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a changeset rendered from the changes shows them as visible escapes', () => {
    const text = renderChangeset(classifyChanges(before, after), {
      packages: { '@org/kalshi-client': '1.0.0' },
      fromVersion: '1.0.0',
      toVersion: '1.0.1',
    });
    expect(text).not.toMatch(CONTROL);
    expect(text).toContain(PATH_SHOWN);
    expect(text).toContain(PARAMETER_SHOWN);
  });
});

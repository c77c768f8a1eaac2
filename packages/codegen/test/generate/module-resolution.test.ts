import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src';
import { KALSHI_SPEC, tempDir } from '../helpers';

const TSC = resolve(import.meta.dirname, '../../../../node_modules/typescript/bin/tsc');
const ASYNCAPI = resolve(import.meta.dirname, '../../../../spec/.cache/kalshi-asyncapi.yaml');

// What a downstream project compiles: the generated folder plus a file importing it the way the README shows.
let project: string;
beforeAll(async () => {
  project = tempDir();
  await generate({ spec: KALSHI_SPEC, asyncapi: ASYNCAPI, out: join(project, 'src/kalshi') });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(project, 'src/use.ts'),
    "import type { paths } from './kalshi/openapi.js';\nimport { operations } from './kalshi/manifest.js';\n" +
      "export const count: number = Object.keys(operations).length;\nexport type Balance = paths['/portfolio/balance'];\n",
  );
}, 120_000);

function tsc(compilerOptions: Record<string, unknown>): string {
  const tsconfig = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, ...compilerOptions } };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src'] }));
  const run = spawnSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8' });
  return `${run.status}\n${run.stdout}${run.stderr}`;
}

describe('generated code compiles under every module resolution a project uses', () => {
  it.each([
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'preserve', moduleResolution: 'bundler' }],
  ])(
    '%s',
    (_name, options) => {
      expect(tsc({ target: 'es2022', ...options })).toBe('0\n');
    },
    120_000,
  );
});

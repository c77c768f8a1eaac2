import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generate } from '../../src';
import { KALSHI_SPEC, tempDir } from '../helpers';

it('produces byte-identical output for the same spec', async () => {
  const [a, b] = [tempDir(), tempDir()];
  await generate({ spec: KALSHI_SPEC, out: a, withSchema: true });
  await generate({ spec: KALSHI_SPEC, out: b, withSchema: true });
  const files = readdirSync(a).sort();
  expect(files).toEqual([
    'fixed-point.ts',
    'manifest.ts',
    'openapi.json',
    'openapi.ts',
    'operation-info.ts',
    'rate-limits.ts',
    'stream-channels.ts',
    'stream-urls.ts',
  ]);
  for (const file of files) expect(readFileSync(join(b, file))).toEqual(readFileSync(join(a, file)));
});

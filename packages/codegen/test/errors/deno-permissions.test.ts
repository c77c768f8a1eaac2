import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// The runtime matrix's helper: Deno from the npm registry through npx, resolved once, then called by path.
import { runtimeBinary } from '../../../client/test/install/matrix';
import { CLI, FIXTURES, tempDir } from '../helpers';

// Round 38 (D): on Deno 2.9, a spec outside --allow-read failed `cannot read spec file (unknown error)` and an --out
// outside --allow-write failed `internal error: NotCapable: …` with a stack: Deno's denial (Deno.errors.NotCapable)
// has no `code`, only its name. The CLI's rule (cli.ts) is one line naming the file; the notes are silent (our CLI).
// As @org/kalshi-auth names a denied key file (key-input.ts), the denial is named by its name, NotCapable.
describe('kalshi-codegen generate on Deno without the permissions it needs', () => {
  const spec = join(FIXTURES, 'minimal.yaml');
  const run = (...permissions: string[]) => {
    const out = join(tempDir(), 'out');
    const args = ['run', '--no-lock', '--allow-env', ...permissions, CLI, 'generate', '--spec', spec, '--out', out];
    const result = spawnSync(runtimeBinary('deno'), args, {
      encoding: 'utf8',
      input: '',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { ...result, out };
  };

  it('a spec --allow-read does not cover is named with the denial', { timeout: 240_000 }, () => {
    const result = run();
    expect(result.stderr).toBe(`kalshi-codegen: ${spec}: cannot read spec file (NotCapable)\n`);
    expect(result.status).toBe(1);
  });

  it('an --out --allow-write does not cover is named with the denial, nothing written', { timeout: 240_000 }, () => {
    const result = run('--allow-read');
    expect(result.stderr).toBe(`kalshi-codegen: --out: "${result.out}": permission denied (NotCapable)\n`);
    expect(result.status).toBe(1);
    expect(readdirSync(join(result.out, '..'))).toEqual([]);
  });
});

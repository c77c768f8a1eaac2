// pnpm bench: runs every packages/*/bench/*.bench.mjs one after another (each prints a markdown section) and
// writes them to BENCHMARKS.md under a header naming the machine and the date.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/specs.mjs';

const only = process.argv.slice(2);
const files = readdirSync(join(ROOT, 'packages')).flatMap((pkg) => {
  const dir = join(ROOT, 'packages', pkg, 'bench');
  let names = [];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs'));
  } catch {}
  return names.map((f) => join(dir, f)).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
});

const sections = [];
for (const file of files) {
  console.error(`bench: ${file.slice(ROOT.length + 1)}`);
  const run = spawnSync(process.execPath, ['--expose-gc', file], {
    cwd: join(file, '../..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  sections.push(
    run.status === 0 ? run.stdout.trim() : `## ${file.slice(ROOT.length + 1)}\n\nFailed (exit ${run.status}).`,
  );
}

const cpu = cpus();
const header = `# Benchmarks

Written by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'},
${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}. Every comparison below ran
side by side in one run on this machine; ratios are computed from the same run.
`;
writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${header}\n${sections.join('\n\n')}\n`);
console.log(`${header}\n${sections.join('\n\n')}`);

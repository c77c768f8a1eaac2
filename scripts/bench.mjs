// pnpm bench: runs every packages/*/bench/*.bench.mjs one after another (each prints a markdown section) and
// writes them to BENCHMARKS.md under a header naming the machine and the date. `pnpm bench request` runs the bench
// files whose path contains `request` and replaces only their sections (same `## ` heading), saying so in the header.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const today = new Date().toISOString().slice(0, 10);
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'},
${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
const file = join(ROOT, 'BENCHMARKS.md');
let text;
if (only.length === 0) {
  text = `# Benchmarks

Written by \`pnpm bench\` on ${today}: ${machine}. Every comparison below ran
side by side in one run on this machine; ratios are computed from the same run.

${sections.join('\n\n')}
`;
} else {
  // Sections start at a line "## Title"; a re-run replaces the ones with the same title and keeps the rest.
  const [header, ...old] = readFileSync(file, 'utf8').split(/^(?=## )/m);
  const fresh = sections
    .join('\n\n')
    .split(/^(?=## )/m)
    .filter((s) => s.startsWith('## '));
  const title = (s) => s.slice(0, s.indexOf('\n'));
  const kept = old.map((s) => fresh.find((f) => title(f) === title(s)) ?? s);
  for (const f of fresh) if (!old.some((s) => title(s) === title(f))) kept.push(f);
  const rerun = (sectionTitles) => `: ${sectionTitles}.`;
  const titles = fresh.map((f) => title(f).slice(3)).join('; ');
  const note = `Re-run on ${today} by \`pnpm bench ${only.join(' ')}\` (${machine})${rerun(titles)}`;
  // An earlier note for the same sections is replaced, not stacked (its "(machine)" spans two lines).
  const notes = header.split(/^(?=Re-run on )/m);
  const keptHeader = notes.filter((n, i) => i === 0 || !n.trimEnd().endsWith(rerun(titles))).join('');
  text = `${keptHeader.trimEnd()}\n${note}\n\n${kept.map((s) => `${s.trimEnd()}\n`).join('\n')}`;
}
writeFileSync(file, text);
console.log(text);

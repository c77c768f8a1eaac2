// Extracts every ```ts block of README.md and packages/*/README.md into out/ (build output), for
// readme-blocks.test.ts to type-check and run against the mock. A comment on the line before the fence marks a block:
//
//   (none)               a complete program: type-checked, then run against the mock exchange (msw, in-process)
//   <!-- no-run -->      complete but not runnable here (it needs a real account or runs forever): type-checked only
//   <!-- fragment -->    a piece of a program: type-checked after prelude.ts (the packages' exports in scope)
//
// A block that imports from 'vitest' is a test file: it is written as *.test.ts and run by this package's vitest.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../../..');
const OUT = join(HERE, 'out');
const MARKS = { 'no-run': 'check', fragment: 'fragment' };

/** The README files whose blocks are checked, relative to the repository root. */
export function readmes() {
  const packages = readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}/README.md`);
  return ['README.md', ...packages].filter((path) => {
    try {
      readFileSync(join(ROOT, path));
      return true;
    } catch {
      return false;
    }
  });
}

/** Every ```ts block of one README: its first line number (1-based, of the code), its mode and its code. */
export function blocksOf(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const before =
      lines
        .slice(0, i)
        .reverse()
        .find((line) => line.trim() !== '') ?? '';
    const mark = /^<!--\s*([\w-]+)\s*-->$/.exec(before.trim())?.[1];
    if (mark && !(mark in MARKS)) throw new Error(`unknown README block mark <!-- ${mark} --> before line ${i + 1}`);
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`unclosed \`\`\`ts block at line ${i + 1}`);
    blocks.push({ line: i + 2, mode: mark ? MARKS[mark] : 'run', code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'kalshi'), { recursive: true });
// Files a block may import as a user's project has them: `kalshi-codegen generate --out src/kalshi` output.
copyFileSync(join(HERE, 'generated-stand-in.ts'), join(OUT, 'kalshi/openapi.ts'));
copyFileSync(join(HERE, 'generated-stand-in.ts'), join(OUT, 'kalshi/manifest.ts'));
const prelude = readFileSync(join(HERE, 'prelude.ts'), 'utf8');
const manifest = [];
for (const readme of readmes()) {
  const slug = readme.replace(/\/README\.md$|\.md$/, '').replace(/[^\w]+/g, '-');
  for (const block of blocksOf(readFileSync(join(ROOT, readme), 'utf8'))) {
    const test = block.mode === 'run' && /from ['"]vitest['"]/.test(block.code);
    const file = `${slug}-${block.line}${test ? '.test' : ''}.ts`;
    const header = block.mode === 'fragment' ? prelude : '';
    writeFileSync(join(OUT, file), `${header}${block.code}\n${test ? '' : 'export {};\n'}`);
    manifest.push({ readme, line: block.line, mode: block.mode, test, file, offset: header.split('\n').length - 1 });
  }
}
writeFileSync(join(OUT, 'blocks.json'), JSON.stringify(manifest, null, 2));
console.log(`readme-blocks: ${manifest.length} blocks from ${readmes().length} READMEs into ${relative(ROOT, OUT)}`);

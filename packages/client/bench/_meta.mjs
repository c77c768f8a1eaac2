import { build } from 'esbuild';
import { ENTRIES } from '/work/main/packages/client/bench/bundle-size.mjs';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path'; import { tmpdir } from 'node:os';
const cwd = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'm-')); const entry = join(dir, 'e.mjs'); writeFileSync(entry, ENTRIES['@org/kalshi-client']);
const r = await build({ entryPoints:[entry], bundle:true, minify:true, format:'esm', platform:'node', target:'node20', write:false, metafile:true, absWorkingDir:cwd, nodePaths:[join(cwd,'node_modules')], alias:{'@org/kalshi-client': join(cwd,'src/index.ts'), '@org/kalshi-auth': join(cwd,'../auth/src/index.ts')}, logLevel:'silent', sourcemap: false});
const out = Object.values(r.metafile.outputs)[0];
for (const [k,v] of Object.entries(out.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(v.bytesInOutput, k);

// Type-checks a package's sources against generated files held in memory, so spec:update can refuse a spec the
// client's own code no longer compiles against (a helper calling a removed operation) before it writes anything.
// Only errors the new files bring count: the same check against the currently locked spec's files is subtracted, so a
// dependency not built yet (its types missing either way) does not block an update.
import { dirname, join, relative } from 'node:path';
import { typescript } from './typescript.mjs';

/**
 * The diagnostics of `packageDir`'s `src` (its tsconfig's settings) with `src/generated/<name>` read from `generated`
 * (file name → text) instead of the disk, as `file:line:col TSxxxx message` relative to `root`.
 */
export function typeErrorsWith(packageDir, generated, root) {
  const ts = typescript();
  const config = ts.readConfigFile(join(packageDir, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, packageDir);
  const src = join(packageDir, 'src');
  const outDir = join(src, 'generated');
  const overlay = new Map([...generated].map(([name, text]) => [join(outDir, name), text]));
  const roots = parsed.fileNames.filter((file) => file.startsWith(`${src}/`) && !file.startsWith(`${outDir}/`));
  const options = { ...parsed.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (file) => overlay.has(file) || (!file.startsWith(`${outDir}/`) && fileExists.call(host, file));
  host.readFile = (file) => overlay.get(file) ?? readFile.call(host, file);
  host.directoryExists = (dir) => dir === outDir || directoryExists.call(host, dir);
  host.getSourceFile = (file, language, ...rest) =>
    overlay.has(file)
      ? ts.createSourceFile(file, overlay.get(file), language, true)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram({ rootNames: [...roots, ...overlay.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => describe(d, root, outDir));
}

/** The errors in `after` that `before` does not have (compared without positions inside generated files). */
export function newErrors(before, after) {
  const left = [...before];
  return after.filter((error) => {
    const i = left.findIndex((e) => e.key === error.key);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

function describe(diagnostic, root, outDir) {
  const ts = typescript();
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0];
  const code = `TS${diagnostic.code}`;
  if (!diagnostic.file) return { key: `${code} ${message}`, text: `${code} ${message}` };
  const file = relative(root, diagnostic.file.fileName);
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const where = `${file}:${line + 1}:${character + 1}`;
  const generated = dirname(diagnostic.file.fileName) === outDir;
  return { key: `${generated ? file : where} ${code} ${message}`, text: `${where} ${code} ${message}` };
}

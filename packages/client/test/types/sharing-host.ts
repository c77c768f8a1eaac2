import ts from 'typescript';

/**
 * Parsed files shared by the programs of a test file: the ES and DOM libs, @types/node and the packages' declarations
 * are parsed (and bound) once, not once a program (about 1 s of CPU each), as an editor's language service shares
 * them. Every program must be strict (the binder's only option): a parse then depends only on the file, its language
 * version and module format, which are the key.
 */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** A compiler host for `options` that reads each file once across the programs built with such hosts. */
export function sharingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, version, ...rest) => {
    const { languageVersion, impliedNodeFormat } = typeof version === 'object' ? version : { languageVersion: version };
    const key = `${fileName}\0${languageVersion}\0${impliedNodeFormat}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile.call(host, fileName, version, ...rest));
    return parsed.get(key);
  };
  return host;
}

import { parseArgs } from 'node:util';
import { diffOperations, formatOperationDiff } from './diff-operations';
import { CodegenError } from './errors';
import { generate } from './generate';
import { loadOpenApiSpec } from './load-spec';

const USAGE = `Usage:
  kalshi-codegen generate --spec FILE --out DIR [--with-schema] [--asyncapi FILE]
  kalshi-codegen diff --from OLD_SPEC --to NEW_SPEC`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      spec: { type: 'string' },
      out: { type: 'string' },
      'with-schema': { type: 'boolean', default: false },
      asyncapi: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    strict: true,
  });
  if (command === 'generate') {
    if (!values.spec) throw new CodegenError('bad_arguments', `generate: --spec FILE is required\n${USAGE}`);
    if (!values.out) throw new CodegenError('bad_arguments', `generate: --out DIR is required\n${USAGE}`);
    const result = await generate({
      spec: values.spec,
      out: values.out,
      withSchema: values['with-schema'],
      asyncapi: values.asyncapi,
    });
    console.log(
      `kalshi-codegen: ${result.operationCount} operations from spec ${result.specVersion} → ${result.files.length} files in ${values.out}`,
    );
    return;
  }
  if (command === 'diff') {
    if (!values.from || !values.to)
      throw new CodegenError('bad_arguments', `diff: --from and --to are required\n${USAGE}`);
    const [before, after] = await Promise.all([loadOpenApiSpec(values.from), loadOpenApiSpec(values.to)]);
    console.log(formatOperationDiff(diffOperations(before.document, after.document)));
    return;
  }
  throw new CodegenError('bad_arguments', command ? `unknown command "${command}"\n${USAGE}` : USAGE);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof CodegenError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS');
  console.error(`kalshi-codegen: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
  process.exitCode = 1;
});

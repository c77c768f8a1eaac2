import { parseArgs } from 'node:util';
import { classifyAsyncApiChanges } from './classify-asyncapi';
import { classifyChanges, formatChanges } from './classify-changes';
import { diffOperations, formatOperationDiff } from './diff-operations';
import { assertAsyncApi3 } from './emit-asyncapi';
import { CodegenError } from './errors';
import { generate } from './generate';
import { assertOpenApi3, readSpecFile } from './load-spec';

const USAGE = `Usage:
  kalshi-codegen generate --spec FILE|URL --out DIR [--with-schema] [--asyncapi FILE|URL]
      writes openapi.ts (types: pass its \`paths\` to createKalshiClient<paths>) and manifest.ts (pass its
      \`operations\` as the client's \`operations\` option) into DIR
  kalshi-codegen diff OLD_SPEC NEW_SPEC      (or --from OLD_SPEC --to NEW_SPEC; files or URLs)
      prints every change, classified breaking / potentially breaking / safe (OpenAPI or AsyncAPI)`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      spec: { type: 'string' },
      out: { type: 'string' },
      'with-schema': { type: 'boolean', default: false },
      asyncapi: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: command === 'diff',
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
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
    const [from, to] = [values.from ?? positionals[0], values.to ?? positionals[values.from ? 0 : 1]];
    if (!from || !to) throw new CodegenError('bad_arguments', `diff: give the old and the new spec\n${USAGE}`);
    const [before, after] = await Promise.all([readSpecFile(from), readSpecFile(to)]);
    if (before.document.asyncapi !== undefined) {
      assertAsyncApi3(before.document, from);
      assertAsyncApi3(after.document, to);
      console.log(formatChanges(classifyAsyncApiChanges(before.document, after.document)));
      return;
    }
    assertOpenApi3(before.document, from);
    assertOpenApi3(after.document, to);
    console.log(formatOperationDiff(diffOperations(before.document, after.document)));
    console.log(`\n${formatChanges(classifyChanges(before.document, after.document))}`);
    return;
  }
  throw new CodegenError('bad_arguments', command ? `unknown command "${command}"\n${USAGE}` : USAGE);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A spec, argument or file-system problem is one line naming the file; anything else is a bug, shown with its stack.
  const known =
    error instanceof CodegenError ||
    (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS') ||
    typeof (error as { syscall?: unknown })?.syscall === 'string';
  console.error(
    `kalshi-codegen: ${known ? (error as Error).message : `internal error: ${String((error as Error)?.stack ?? error)}`}`,
  );
  process.exitCode = 1;
});

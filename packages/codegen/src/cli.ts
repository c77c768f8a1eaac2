import { readFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { GENERATE_FLAGS, suggestion } from './arguments';
import { classifyAsyncApiChanges } from './classify-asyncapi';
import { classifyChanges, formatChanges, type SpecChange } from './classify-changes';
import { diffOperations, formatOperationDiff } from './diff-operations';
import { CodegenError } from './errors';
import { assertOpenApi3, readSpecFile } from './load-spec';
import { visible } from './visible';

const USAGE = `Usage:
  kalshi-codegen generate --spec FILE|URL --out DIR [--with-schema] [--asyncapi FILE|URL]
      writes openapi.ts (types: pass its \`paths\` to createKalshiClient<paths>) and manifest.ts (pass its
      \`operations\` as the client's \`operations\` option) into DIR
  kalshi-codegen diff OLD_SPEC NEW_SPEC [--fail-on breaking|potentially-breaking]
                                             (or --from OLD_SPEC --to NEW_SPEC; files or URLs)
      prints every change, classified breaking / potentially breaking / safe (OpenAPI or AsyncAPI);
      with --fail-on, exits 2 when a change is that severe or worse (a CI gate)
  kalshi-codegen --version    prints this package's version; --help (-h) on any command prints this`;

/** Each command's own options (both take --help and --version). */
const OPTIONS_OF = {
  generate: GENERATE_FLAGS,
  diff: { from: { type: 'string' }, to: { type: 'string' }, 'fail-on': { type: 'string' } },
} as const;

// How severe --fail-on's levels are, least first.
const FAIL_ON = ['potentially-breaking', 'breaking'] as const;

/**
 * parseArgs' result, or a bad_arguments error naming the command and the argument, with the usage: its own message
 * goes on with advice on `--` (how to pass a positional that starts with "-") that fits none of our commands. An
 * unknown long option that is a near miss of one of `own` (the command's options) names it.
 */
function parsedArguments<const T extends ParseArgsConfig>(command: string, config: T, own: readonly string[]) {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: string })?.code;
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw error;
    const [first] = (error as Error).message.split(/\.(?: |$)/);
    // Matched on the bare name (the dashes would make every miss look close).
    const given = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? first?.match(/'--([^']+)'/)?.[1] : undefined;
    const near = given ? suggestion(given, own).replace('"', '"--') : '';
    throw new CodegenError('bad_arguments', `${command}: ${first}${near}\n${USAGE}`);
  }
}

/** Prints the package's version (which release generated the code: for a bug report or a CI log). */
async function printVersion(): Promise<void> {
  // dist/cli.mjs (and src/cli.ts) sit one folder below package.json.
  const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
  console.log(version);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command === '--version' || command === '-v') return await printVersion();
  // Before parsing: a misspelt command is named as such, not by an option it does not take.
  // No command is named too: a message that is the usage alone would be printed escaped, on one line.
  if (command !== 'generate' && command !== 'diff')
    throw new CodegenError(
      'bad_arguments',
      command
        ? `unknown command "${command}"${suggestion(command, Object.keys(OPTIONS_OF))}\n${USAGE}`
        : `give a command: generate or diff\n${USAGE}`,
    );
  // --help (-h) anywhere before a `--` prints the usage, even beside an option missing its value (`generate --help
  // --spec` reported the missing value; round 34, K3) or one of the other command.
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const { values, positionals } = parsedArguments(
    command,
    {
      args: rest,
      // Both commands' options are parsed, so that one of the other command is named as such below.
      options: {
        ...OPTIONS_OF.generate,
        ...OPTIONS_OF.diff,
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      allowPositionals: command === 'diff',
      strict: true,
    } as const,
    [...Object.keys(OPTIONS_OF[command]), 'help', 'version'],
  );
  // An option of the other command would be ignored: `generate --fail-on breaking` would gate nothing.
  const foreign = Object.keys(values).find(
    (name) => name !== 'help' && name !== 'version' && !Object.hasOwn(OPTIONS_OF[command], name),
  );
  if (foreign)
    throw new CodegenError(
      'bad_arguments',
      `${command}: --${foreign} is an option of ${command === 'diff' ? 'generate' : 'diff'}\n${USAGE}`,
    );
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.version) return await printVersion();
  if (command === 'generate') {
    if (!values.spec) throw new CodegenError('bad_arguments', `generate: --spec FILE is required\n${USAGE}`);
    if (!values.out) throw new CodegenError('bad_arguments', `generate: --out DIR is required\n${USAGE}`);
    // TypeScript and openapi-typescript load only for `generate`: `diff`, `--help` and a refused argument go without.
    const { generate } = await import('./generate');
    const result = await generate({
      spec: values.spec,
      out: values.out,
      withSchema: values['with-schema'] ?? false,
      asyncapi: values.asyncapi,
    });
    console.log(
      `kalshi-codegen: ${result.operationCount} operations from spec ${visible(result.specVersion)} → ${result.files.length} files in ${visible(values.out)}`,
    );
    return;
  }
  // diff: the old spec and the new, as positionals or --from / --to.
  const [from, to] = [values.from ?? positionals[0], values.to ?? positionals[values.from ? 0 : 1]];
  if (!from || !to) throw new CodegenError('bad_arguments', `diff: give the old and the new spec\n${USAGE}`);
  // A spec given once too often would be silently left out of the comparison (a CI gate comparing the wrong pair).
  const extra = positionals[Number(!values.from) + Number(!values.to)];
  if (extra !== undefined)
    throw new CodegenError('bad_arguments', `diff: unexpected argument "${extra}" (it takes two specs)\n${USAGE}`);
  const failOn = values['fail-on'];
  const threshold = failOn === undefined ? FAIL_ON.length : FAIL_ON.indexOf(failOn as (typeof FAIL_ON)[number]);
  if (threshold < 0)
    throw new CodegenError('bad_arguments', `diff: --fail-on takes ${FAIL_ON.join(' or ')}, got "${failOn}"`);
  const [before, after] = await Promise.all([readSpecFile(from), readSpecFile(to)]);
  let changes: SpecChange[];
  if (before.document.asyncapi !== undefined) {
    const { assertAsyncApi3 } = await import('./emit-asyncapi');
    assertAsyncApi3(before.document, before.file);
    assertAsyncApi3(after.document, after.file);
    changes = classifyAsyncApiChanges(before.document, after.document);
    console.log(formatChanges(changes));
  } else {
    assertOpenApi3(before.document, before.file);
    assertOpenApi3(after.document, after.file);
    changes = classifyChanges(before.document, after.document);
    console.log(formatOperationDiff(diffOperations(before.document, after.document)));
    console.log(`\n${formatChanges(changes)}`);
  }
  const failing = changes.filter((c) => FAIL_ON.indexOf(c.severity as (typeof FAIL_ON)[number]) >= threshold);
  if (failing.length > 0) {
    console.error(`kalshi-codegen: ${failing.length} change(s) ${failOn} or worse (--fail-on ${failOn})`);
    process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A spec, argument or file-system problem is one line naming the file; anything else is a bug, shown with its stack.
  const known = error instanceof CodegenError || typeof (error as { syscall?: unknown })?.syscall === 'string';
  // The library names its `out` option; here it was given as --out.
  const code = (error as CodegenError)?.code;
  const message = code === 'out_unwritable' || code === 'interrupted' ? `--${(error as Error).message}` : undefined;
  const text = message ?? (known ? (error as Error).message : undefined);
  // A known message may quote the spec's names: their control characters are shown as escapes (attack round 24,
  // A7), the usage after it stays as it is.
  const usage = text?.endsWith(`\n${USAGE}`) ? `\n${USAGE}` : '';
  console.error(
    `kalshi-codegen: ${text === undefined ? `internal error: ${String((error as Error)?.stack ?? error)}` : visible(text.slice(0, text.length - usage.length)) + usage}`,
  );
  // Interrupted (the files written put back): the error carries 128 + the signal's number, as a shell reports it.
  process.exitCode = (error instanceof CodegenError && error.exitCode) || 1;
});

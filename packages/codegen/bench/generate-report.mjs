// The markdown section generate.bench.mjs prints, apart so a test can check it names the spec actually generated from.

const ms = (v) => `${v.toFixed(0)} ms`;

/**
 * `generated` is generate()'s result for the benched spec: its version (info.version) and operation count title the
 * row, not the numbers of the spec this was first written against. `runs` and `tscRuns` are sorted, in ms.
 */
export function generateSection(generated, runs, tscRuns, consumerOperations) {
  const count = generated.operationCount;
  const spec = `${generated.specVersion} spec (${count} operation${count === 1 ? '' : 's'})`;
  return `## Codegen (@org/kalshi-codegen)

| what | median | min | runs |
|---|---|---|---|
| generate types + manifest from the full ${spec} | ${ms(runs[Math.floor(runs.length / 2)])} | ${ms(runs[0])} | ${runs.length} |
| \`tsc --noEmit\` of a consumer touching ${consumerOperations} operations (params + responses) | ${ms(tscRuns[Math.floor(tscRuns.length / 2)])} | ${ms(tscRuns[0])} | ${tscRuns.length} |
`;
}

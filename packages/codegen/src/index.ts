export { RULES, type RuleId, type Severity, severityOf } from './change-rules';
export {
  type Bump,
  bumpFor,
  type ChangesetOptions,
  formatHelperImpact,
  type HelperImpact,
  helperImpact,
  isDowngrade,
  renderChangeset,
} from './changeset';
export { classifyAsyncApiChanges } from './classify-asyncapi';
export { classifyChanges, formatChanges, type SpecChange } from './classify-changes';
export { diffOperations, formatOperationDiff, type OperationDiff, type OperationRef } from './diff-operations';
export { assertAsyncApi3, renderAsyncApiModule } from './emit-asyncapi';
export { CodegenError, type CodegenErrorCode } from './errors';
export { type GenerateOptions, type GenerateResult, generate, loadAsyncApiSpec, renderAll } from './generate';
export {
  assertOpenApi3,
  type LoadedSpec,
  loadOpenApiSpec,
  MAX_SPEC_BYTES,
  MAX_YAML_NODES,
  parseSpecText,
  readSpecFile,
  sha256,
  specVersion,
} from './load-spec';
export { buildManifest, classifyServers, type Manifest, type OperationInfo, type RetryPolicy } from './manifest';
export { type HttpMethod, listOperations, type SpecOperation } from './operations';
export { deref, findUnresolvedRefs, resolvePointer } from './refs';
export { RETRY_POLICIES, retryPolicyProblems } from './retry-policies';
export { holdingSignals, signalExitCode } from './signals';
export { assertNoCompositionCycles, assertNoRefCycles, assertOpenApiStructure } from './validate-spec';

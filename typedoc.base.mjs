// Shared TypeDoc settings for each package's `docs` task (packages/*/typedoc.json extends this): an API reference
// of the exported entry points, failing on any warning, with every exported declaration documented.
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  // Type errors are the `typecheck` task's job; skipping them here keeps the task fast (the tests are in the program).
  skipErrorChecking: true,
  excludePrivate: true,
  excludeInternal: true,
  treatWarningsAsErrors: true,
  // No links to source lines: they would need a public git remote, and a clone of a local path (CI) has none.
  disableSources: true,
  // openapi-typescript writes spec descriptions as `@description` in the generated types.
  blockTags: [...OptionDefaults.blockTags, '@description'],
  // Internal helper types that public signatures mention are shown inline rather than exported for the docs.
  validation: { notExported: false, invalidLink: true, rewrittenLink: true, notDocumented: true },
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias', 'Namespace'],
};

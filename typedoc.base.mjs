// Shared TypeDoc settings for each package's `docs` task (packages/*/typedoc.json extends this): an API reference
// of the exported entry points, failing on any warning, with every exported declaration and every public member of one
// (property, method, accessor, constructor, enum member) documented, except members of generated code (the plugin).
import { fileURLToPath } from 'node:url';
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
  // openapi-typescript writes spec descriptions as `@description`, and a `const` schema's value as `@constant`, in the
  // generated types (the AsyncAPI messages' `type` and `cmd`, reached through `ChannelMessages`).
  blockTags: [...OptionDefaults.blockTags, '@description', '@constant'],
  // Undocumented members of src/generated/ (written by codegen) are exempt: see typedoc.generated.mjs.
  plugin: [fileURLToPath(new URL('./typedoc.generated.mjs', import.meta.url))],
  // Internal helper types that public signatures mention are shown inline rather than exported for the docs.
  validation: { notExported: false, invalidLink: true, rewrittenLink: true, notDocumented: true },
  requiredToBeDocumented: [
    ...['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias', 'Namespace'],
    // Members: of classes, interfaces, enums, and of object types that exported declarations spell out.
    ...['Property', 'Method', 'Accessor', 'Constructor', 'EnumMember'],
  ],
};

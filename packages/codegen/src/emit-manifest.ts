import type { Manifest } from './manifest';

/** Renders the runtime manifest module (`manifest.ts`) that the client and the mock import. */
export function renderManifestModule(manifest: Manifest, header: string): string {
  const entries = manifest.operations
    .map((op) => {
      const pagination = op.pagination
        ? `{ cursorField: ${q(op.pagination.cursorField)}, itemsField: ${q(op.pagination.itemsField)} }`
        : 'null';
      return (
        `  ${op.operationId}: { operationId: ${q(op.operationId)}, method: ${q(op.method)}, path: ${q(op.path)}, ` +
        `tags: [${op.tags.map(q).join(', ')}], auth: ${q(op.auth)}, deprecated: ${op.deprecated}, pagination: ${pagination} },`
      );
    })
    .join('\n');
  const list = (urls: readonly string[]) => `[${urls.map(q).join(', ')}]`;
  return `${header}
import type { OperationInfo } from './operation-info';

export type { HttpMethod, OperationInfo } from './operation-info';

export const specVersion = ${q(manifest.specVersion)};

/** Full base URLs per environment, recommended first. */
export const servers = {
  production: ${list(manifest.servers.production)},
  demo: ${list(manifest.servers.demo)},
} as const;

export const operations = {
${entries}
} as const satisfies Record<string, OperationInfo>;

export type OperationId = keyof typeof operations;

const byRoute = new Map<string, OperationInfo>(
  Object.values(operations).map((op): [string, OperationInfo] => [\`\${op.method.toUpperCase()} \${op.path}\`, op]),
);

/** The operation for an HTTP method and a path template such as \`/markets/{ticker}\`. */
export function findOperation(method: string, path: string): OperationInfo | undefined {
  return byRoute.get(\`\${method.toUpperCase()} \${path}\`);
}
`;
}

function q(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

import type { Manifest } from './manifest';

/** Renders the runtime manifest module (`manifest.ts`) that the client and the mock import. */
export function renderManifestModule(manifest: Manifest, header: string): string {
  // One row per operation keeps the module small (it ships inside the client): the objects are built at load.
  const rows = manifest.operations
    .map((op) => {
      const cells = [
        q(op.operationId),
        q(op.method),
        q(op.path),
        q(op.tags.join(',')),
        q(op.auth[0] as string),
        op.deprecated ? '1' : '0',
      ];
      if (op.pagination) cells.push(q(op.pagination.cursorField), q(op.pagination.itemsField));
      return `  [${cells.join(', ')}],`;
    })
    .join('\n');
  const ids = manifest.operations.map((op) => `  | ${q(op.operationId)}`).join('\n');
  const list = (urls: readonly string[]) => `[${urls.map(q).join(', ')}]`;
  return `${header}import type { HttpMethod, OperationInfo } from './operation-info';

export type { HttpMethod, OperationInfo } from './operation-info';

export const specVersion = ${q(manifest.specVersion)};

/** Full base URLs per environment, recommended first. */
export const servers = {
  production: ${list(manifest.servers.production)},
  demo: ${list(manifest.servers.demo)},
} as const;

export type OperationId =
${ids};

// [operationId, method, path, tags (comma-separated), auth (r/o/n), deprecated (1/0), cursorField?, itemsField?]
type Row = readonly [OperationId, HttpMethod, string, string, 'r' | 'o' | 'n', 0 | 1, string?, string?];
const ROWS: readonly Row[] = [
${rows}
];

const AUTH = { r: 'required', o: 'optional', n: 'none' } as const;

/** Every operation of the spec by operationId. */
export const operations = Object.fromEntries(
  ROWS.map(([operationId, method, path, tags, auth, deprecated, cursorField, itemsField]): [OperationId, OperationInfo] => [
    operationId,
    {
      operationId,
      method,
      path,
      tags: tags ? tags.split(',') : [],
      auth: AUTH[auth],
      deprecated: deprecated === 1,
      pagination: cursorField ? { cursorField, itemsField: itemsField ?? '' } : null,
    },
  ]),
) as Readonly<Record<OperationId, OperationInfo>>;

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

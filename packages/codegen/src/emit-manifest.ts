import type { Manifest, RetryPolicy } from './manifest';

const REPEAT_CODES = { always: 'a', keyed: 'k', never: 'n' } as const satisfies Record<RetryPolicy['repeat'], string>;
const LOST_CODES = { 'existing-order': 'e', 'read-order': 'r', none: '-' } as const satisfies Record<
  RetryPolicy['lostResponse'],
  string
>;

/** Renders the runtime manifest module (`manifest.ts`) that the client and the mock import. */
export function renderManifestModule(manifest: Manifest, header: string): string {
  // One row per operation keeps the module small (it ships inside the client): the objects are built at load.
  const rows = manifest.operations
    .map((op) => {
      const cells = [q(op.operationId), q(op.method), q(op.path), q(op.auth[0] as string), op.deprecated ? '1' : '0'];
      const retry = `${REPEAT_CODES[op.retry.repeat]}${op.retry.key ? `:${op.retry.key}` : ''}/${LOST_CODES[op.retry.lostResponse]}`;
      // Only a policy other than the method's default is written out (the module ships inside the client).
      const special = retry !== (['post', 'patch'].includes(op.method) ? 'n/-' : 'a/-');
      if (op.pagination || special) cells.push(q(op.pagination?.cursorField ?? ''), q(op.pagination?.itemsField ?? ''));
      if (special) cells.push(q(retry));
      return `  [${cells.join(', ')}],`;
    })
    .join('\n');
  const ids = manifest.operations.map((op) => `  | ${q(op.operationId)}`).join('\n');
  const list = (urls: readonly string[]) => `[${urls.map(q).join(', ')}]`;
  return `${header}import type { HttpMethod, OperationInfo, RetryPolicy } from './operation-info.js';

export type { HttpMethod, OperationInfo, RetryPolicy } from './operation-info.js';

/** The version of the OpenAPI spec this was generated from. */
export const specVersion = ${q(manifest.specVersion)};

/** Full base URLs per environment, recommended first. */
export const servers = {
  production: ${list(manifest.servers.production)},
  demo: ${list(manifest.servers.demo)},
} as const;

/** Every operationId of the spec. */
export type OperationId =
${ids};

// [operationId, method, path, auth (r/o/n), deprecated (1/0), cursorField?, itemsField?,
//  retry? ("repeat[:key]/lost": a/k/n, e/r/-; absent: the method's default, a/- for GET PUT DELETE, n/- for POST PATCH)]
type Row = readonly [OperationId, HttpMethod, string, 'r' | 'o' | 'n', 0 | 1, string?, string?, string?];
const ROWS: readonly Row[] = [
${rows}
];

const AUTH = { r: 'required', o: 'optional', n: 'none' } as const;
const REPEAT = { a: 'always', k: 'keyed', n: 'never' } as const;
const LOST = { e: 'existing-order', r: 'read-order', '-': 'none' } as const;

function retryPolicy(method: HttpMethod, cell: string | undefined): RetryPolicy {
  const [repeat = '', lost = '-'] = (cell ?? (method === 'post' || method === 'patch' ? 'n/-' : 'a/-')).split('/');
  const [code, key] = repeat.split(':');
  return {
    repeat: REPEAT[code as keyof typeof REPEAT],
    ...(key ? { key } : {}),
    lostResponse: LOST[lost as keyof typeof LOST],
  };
}

// Marked pure so that a bundle importing only \`servers\` or \`specVersion\` leaves the table out: bundlers keep any
// top-level call they cannot prove free of side effects.
/** Every operation of the spec by operationId. */
export const operations = /* @__PURE__ */ Object.fromEntries(
  /* @__PURE__ */ ROWS.map(([operationId, method, path, auth, deprecated, cursorField, itemsField, retry]): [OperationId, OperationInfo] => [
    operationId,
    {
      operationId,
      method,
      path,
      auth: AUTH[auth],
      deprecated: deprecated === 1,
      pagination: cursorField ? { cursorField, itemsField: itemsField ?? '' } : null,
      retry: retryPolicy(method, retry),
    },
  ]),
) as Readonly<Record<OperationId, OperationInfo>>;

const byRoute = /* @__PURE__ */ new Map<string, OperationInfo>(
  /* @__PURE__ */ Object.values(operations).map((op): [string, OperationInfo] => [\`\${op.method.toUpperCase()} \${op.path}\`, op]),
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

import { CodegenError } from './errors';
import { stringLiteral as q } from './literals';
import type { Manifest, RetryPolicy } from './manifest';
import { own } from './own';
import { pointerKey } from './refs';

const REPEAT_CODES = { always: 'a', keyed: 'k', never: 'n' } as const satisfies Record<RetryPolicy['repeat'], string>;
const LOST_CODES = { 'existing-order': 'e', 'read-order': 'r', none: '-' } as const satisfies Record<
  RetryPolicy['lostResponse'],
  string
>;

/** Renders the runtime manifest module (`manifest.ts`) that the client and the mock import; `file` names the spec. */
export function renderManifestModule(manifest: Manifest, header: string, file = '<spec>'): string {
  // One line per operation, cells separated by spaces, keeps the module small (it ships inside the client): the
  // objects are built at load. No cell of Kalshi's spec holds whitespace or a backtick; one that did could not be read.
  const rows = manifest.operations
    .map((op) => {
      const flags = (op.deprecated ? 1 : 0) | (op.objectBody ? 0 : 2) | (op.optionalBody ? 4 : 0) | (op.bearer ? 8 : 0);
      const lost = LOST_CODES[op.retry.lostResponse];
      const retry = `${REPEAT_CODES[op.retry.repeat]}${op.retry.key ? `:${op.retry.key}` : ''}${lost === '-' ? '' : `/${lost}`}`;
      // Only a policy other than the method's default is written out.
      const special = retry !== (op.method === 'get' ? 'a' : 'n');
      const items = op.pagination ? `${op.pagination.itemsField}${op.pagination.itemsOptional ? '?' : ''}` : '';
      // The query parameters' and body fields' names, comma-separated; empty cells at the end are left out.
      const query = op.query ?? [];
      const body = op.body ?? [];
      const listed = Object.values(op.bodyItems ?? {}).flat();
      // A field that is a list of objects carries their fields: `orders:ticker|side|…`.
      const bodyCell = body.map((name) => {
        const fields = own(op.bodyItems, name);
        return fields ? `${name}:${fields.join('|')}` : name;
      });
      // In this order, found by trying them all, the client's bundle is 143 B smaller (gzip) than with the
      // operationId first: columns of few values first, each next to what it repeats.
      const cells = [
        op.auth[0] as string,
        op.path,
        bodyCell.join(','),
        String(flags),
        op.method,
        op.operationId,
        items,
        query.join(','),
        special ? retry : '',
        op.pagination?.cursorField ?? '',
      ];
      while (cells.at(-1) === '') cells.pop();
      // A name is named itself, not the cell listing them; it is one item of that cell: no comma.
      const bad =
        query.find((name) => /[\s`\\,]|\$\{|^$/.test(name)) ??
        [...body, ...listed].find((name) => /[\s`\\,:|]|\$\{|^$/.test(name)) ??
        cells.find((cell) => /[\s`\\]|\$\{/.test(cell));
      // A spec problem (the spec's own ids and paths), so a CodegenError naming the file, not an internal error.
      if (bad !== undefined)
        throw new CodegenError(
          'invalid_spec',
          `${file}: /paths/${pointerKey(op.path)}/${op.method}: "${bad}" cannot be written in the operation manifest (it holds whitespace, a backtick, a backslash or "\${", or is a query parameter's or body field's name that is empty or holds a comma, or a body field's a ":" or "|")`,
          file,
        );
      return cells.join(' ');
    })
    .join('\n');
  const ids = manifest.operations.map((op) => `  | ${q(op.operationId)}`).join('\n');
  const paged = manifest.operations
    .filter((op) => op.method === 'get' && op.pagination)
    .map((op) => `  ${q(op.path)}: ${q(op.pagination?.itemsField ?? '')};`)
    .join('\n');
  const list = (urls: readonly string[]) => `[${urls.map((url) => q(url)).join(', ')}]`;
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

/**
 * For each cursor-paginated GET path, the response field whose items \`paginate\` yields. A page's other arrays
 * (\`event_positions\` beside \`market_positions\`, \`milestones\` beside \`events\`) are on its \`pages()\`.
 */
export interface PageItemsFields {
${paged}
}

// One operation per line (in the order that compresses best): auth (r/o/n), path, body fields (comma-separated, a
// list of objects as "name:field|field"; empty: not checked), flags (1: deprecated, 2: a 2xx answer is not always a
// JSON object, 4: an optional JSON request body, 8: a bearer token accepted), method, operationId [itemsField ('?'
// when not required; empty: not paginated) [query parameters (comma-separated; empty or absent: none) [retry
// ("repeat[:key][/lost]": a/k/n, e/r, lost absent: none; empty or absent: the method's default, a for GET, n for
// the others) [cursorField (absent: not paginated)]]]].
type Row = ['r' | 'o' | 'n', string, string, string, HttpMethod, OperationId, string?, string?, string?, string?];
const ROWS = \`${rows}\`;

const AUTH = { r: 'required', o: 'optional', n: 'none' } as const;
const REPEAT = { a: 'always', k: 'keyed', n: 'never' } as const;
const LOST = { e: 'existing-order', r: 'read-order', '-': 'none' } as const;

function pagination(cursorField: string, cell: string): OperationInfo['pagination'] {
  const itemsField = cell.replace(/\\?$/, '');
  return itemsField === cell ? { cursorField, itemsField } : { cursorField, itemsField, itemsOptional: true };
}

function bodyOf(cell: string): Pick<OperationInfo, 'body' | 'bodyItems'> {
  const entries = cell.split(',').map((entry) => entry.split(':'));
  const body = entries.map(([name = '']) => name);
  // From entries: a field named \`__proto__\` stays a field.
  const items = Object.fromEntries(
    entries.flatMap(([name = '', fields]) => (fields ? [[name, fields.split('|')] as const] : [])),
  );
  return Object.keys(items).length ? { body, bodyItems: items } : { body };
}

function retryPolicy(method: HttpMethod, cell: string | undefined): RetryPolicy {
  const [repeat = '', lost = '-'] = (cell || (method === 'get' ? 'a' : 'n')).split('/');
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
  /* @__PURE__ */ (/* @__PURE__ */ ROWS.split('\\n')).map((row): [OperationId, OperationInfo] => {
    const [auth, path, body, flags, method, operationId, itemsField, query, retry, cursorField] = row.split(' ') as Row;
    return [
      operationId,
      {
        operationId,
        method,
        path,
        auth: AUTH[auth],
        deprecated: (+flags & 1) > 0,
        objectBody: !(+flags & 2),
        optionalBody: (+flags & 4) > 0,
        bearer: +flags > 7,
        query: query ? query.split(',') : [],
        ...(body ? bodyOf(body) : {}),
        pagination: cursorField ? pagination(cursorField, itemsField ?? '') : null,
        retry: retryPolicy(method, retry),
      },
    ];
  }),
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

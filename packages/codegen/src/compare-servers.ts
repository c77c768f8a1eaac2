// Servers: a URL removed is potentially breaking (calls still sent there may fail), one added is safe, and the first
// server of each environment is the client's default base URL. A path item's or an operation's `servers` override
// sends that operation elsewhere, so it is compared for the operation.
import { classifyServers } from './manifest';
import type { SpecOperation } from './operations';
import type { Emit } from './schema-diff';

type Doc = Record<string, unknown>;

const urlsOf = (servers: unknown) =>
  (Array.isArray(servers) ? (servers as { url?: unknown }[]) : []).map((s) => String(s?.url));

/** Reports the URLs removed (naming the added ones to use) and added. */
export function compareServerUrls(oldUrls: readonly string[], newUrls: readonly string[], emit: Emit): void {
  const added = newUrls.filter((u) => !oldUrls.includes(u));
  for (const url of oldUrls)
    if (!newUrls.includes(url))
      emit(
        'server-removed',
        'request',
        'servers',
        `server ${url} removed${added.length ? `: use ${added.join(' or ')}` : ''}`,
      );
  for (const url of added) emit('server-added', 'request', 'servers', `server ${url} added`);
}

/** The document's servers and the default server of each environment. */
export function compareDocumentServers(before: Doc, after: Doc, emit: Emit): void {
  compareServerUrls(urlsOf(before.servers), urlsOf(after.servers), emit);
  const [oldDefaults, newDefaults] = [classifyServers(before), classifyServers(after)];
  for (const env of ['production', 'demo'] as const) {
    const [was, now] = [oldDefaults[env][0], newDefaults[env][0]];
    if (was !== now)
      emit(
        'server-default-changed',
        'request',
        'servers',
        `default ${env} server changed from ${was ?? 'none'} to ${now ?? 'none'} (the client's default base URL)`,
      );
  }
}

/** An operation's servers, when its path item or itself overrides the document's (on either side). */
export function compareOperationServers(before: Doc, after: Doc, old: SpecOperation, now: SpecOperation, emit: Emit) {
  const override = (doc: Doc, op: SpecOperation) =>
    op.operation.servers ?? ((doc.paths as Record<string, Doc> | undefined)?.[op.path]?.servers as unknown);
  const [was, is] = [override(before, old), override(after, now)];
  if (was === undefined && is === undefined) return;
  compareServerUrls(urlsOf(was ?? before.servers), urlsOf(is ?? after.servers), emit);
}

import { servers } from './generated/manifest';

/** Kalshi's environments: `production` and `demo` (play money). */
export type Environment = 'production' | 'demo';

/** The recommended base URL of an environment, from the spec's servers. */
export function baseUrlFor(environment: Environment): string {
  const url = servers[environment][0];
  if (!url) throw new Error(`no server for ${environment} in the spec`);
  return url;
}

import { KalshiValidationError } from './errors';
import { servers } from './generated/manifest';

/** Kalshi's environments: `production` and `demo` (play money). */
export type Environment = 'production' | 'demo';

/** The recommended base URL of an environment, from the spec's servers. */
export function baseUrlFor(environment: Environment): string {
  // An own property only: 'toString' or a wrong case ('DEMO') is not an environment.
  const urls = Object.hasOwn(servers, environment) ? servers[environment] : undefined;
  if (!urls) {
    const valid = Object.keys(servers)
      .map((name) => JSON.stringify(name))
      .join(' or ');
    throw new KalshiValidationError('environment', `unknown environment ${JSON.stringify(environment)}: use ${valid}`);
  }
  const url = urls[0];
  if (!url) throw new Error(`no server for ${environment} in the spec`);
  return url;
}

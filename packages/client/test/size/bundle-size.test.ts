import { expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the benchmark
import { bundleSize, ENTRIES } from '../../bench/bundle-size.mjs';

// A size budget, checked on every CI run: bytes are deterministic, unlike time. 13 kB since issue #17's logging and
// hooks, clock-skew correction, per-call options, deprecation warnings and the lighter per-call request (13,266 B when
// set; 12,351 B before them, with the runtime manifest's tags now left out); 14.5 kB with the order vocabulary, errors
// naming their subject and the mock-credentials guard as well (14,604 B). 14.4 kB (14,698 B; 16,993 B with
// openapi-fetch) after a size pass that kept the API. Issue #17's target is 8 kB: not reachable without API changes,
// since the order helpers on the client, the rate limiter and its tiers, the table of every operation and both signing
// backends are reachable from createKalshiClient whatever its options (10.7 kB with all of those changed).
it('keeps client + auth within 14.4 kB min+gzip for a script that creates a client and places an order', async () => {
  const size = await bundleSize(ENTRIES['@org/kalshi-client'], process.cwd(), ['openapi-fetch']);
  expect(size.gzip).toBeLessThanOrEqual(14.4 * 1024);
}, 30_000);

// The operation table is built at load by top-level calls, which bundlers keep unless told they are pure: then every
// import from the package carried it (2.5 kB gzip for baseUrlFor alone).
it('leaves the operation table out of a script that only picks a base URL', async () => {
  const source = `import { baseUrlFor } from '@org/kalshi-client';\nconsole.log(baseUrlFor('demo'));`;
  const size = await bundleSize(source, process.cwd(), ['openapi-fetch']);
  expect(size.gzip).toBeLessThan(1024);
}, 30_000);

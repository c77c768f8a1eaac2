import { expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the benchmark
import { bundleSize, ENTRIES } from '../../bench/bundle-size.mjs';

// A size budget, checked on every CI run: bytes are deterministic, unlike time. 13 kB since issue #17's logging and
// hooks, clock-skew correction, per-call options, deprecation warnings and the lighter per-call request (13,266 B when
// set; 12,351 B before them, with the runtime manifest's tags now left out); 14.5 kB with the order vocabulary, errors
// naming their subject and the mock-credentials guard as well (14,604 B). Issue #17's target is 8 kB: not reached.
it('keeps client + auth within 14.5 kB min+gzip for a script that creates a client and places an order', async () => {
  const size = await bundleSize(ENTRIES['@org/kalshi-client'], process.cwd(), ['openapi-fetch']);
  expect(size.gzip).toBeLessThanOrEqual(14.5 * 1024);
}, 30_000);

import { describe, expect, it } from 'vitest';
import { serveUntilExit } from '../serve-process';

// U-D5. Spec 3.31.0 (GET /account/limits) names seven tiers: Basic, Advanced, Expert, Premier, Paragon, Prime and
// Prestige. kalshi-api-notes §8.1 records budgets for five only; Expert's and Prestige's are not published, so the
// mock has no numbers to serve them with: `--rate-limit expert|prestige` says so, rather than "is not a tier".
describe('--rate-limit with a tier whose budgets are not published', () => {
  it.each(['expert', 'prestige'])(
    '%s: says Kalshi has not published its budgets',
    { timeout: 60_000 },
    async (tier) => {
      const { code, stderr } = await serveUntilExit(['--rate-limit', tier]);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `--rate-limit: Kalshi has not published the "${tier}" tier's budgets (use basic, advanced, premier, paragon or ` +
          "prime, or the library's rateLimit option with { read, write } buckets from your GET /account/limits answer)",
      );
    },
  );
});

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CACHED, cleanEnv, copyWorkspace, pnpmCommand, script, sha256, snapshot, withMockRoutes } from './workspace';

// What spec:update reports and keeps when a spec is accepted (kept apart from safety.test.ts so that the two files,
// each running spec:update several times, run side by side).
// Round 26 (S-D3): the mock answers by operationId (packages/mock/src/http/routes*.ts); an operationId renamed on the
// same path leaves its route under the old id, and the mock answers the operation 501 not_implemented. spec:update
// says so and spec:check fails, from the mock's own route table (copied into the workspace here).
const renamed = () => {
  const doc = parse(readFileSync(CACHED, 'utf8'));
  doc.paths['/exchange/schedule'].get.operationId = 'GetExchangeScheduleV2';
  return stringify(doc);
};

// (That spec:check names nothing of the mock's routes against the unchanged spec is checked by safety.test.ts's
// "spec:check names a lock whose version…", whose spec:check run reaches the same route check.)
describe("the mock's routes against the spec", () => {
  it('spec:check names a route under an operationId the spec no longer has, and the operation left without one', () => {
    const work = copyWorkspace();
    withMockRoutes(work);
    writeFileSync(join(work, 'spec/.cache/kalshi-openapi.yaml'), renamed());
    const run = script(work, 'spec-check');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '  - the mock has a route for GetExchangeSchedule, which the spec no longer has (renamed or removed): rename or remove it in packages/mock/src/http\n',
    );
    expect(run.stderr).toContain(
      '  - the mock has no route for GetExchangeScheduleV2 (it answers 501 not_implemented): add one in packages/mock/src/http\n',
    );
  }, 300_000);
});

// S-D6: the lock and the changeset say a spec was accepted; generation failing after them left the lock naming the
// new spec over the old generated code. Here the client's `generate` fails on purpose. The same run shows S-D3's
// report (it comes before generation): the route under the old operationId and the operation left without one.
// And spec/kalshi-openapi.lock.json is committed, and records the URL a spec was accepted from: a URL's `?token=` went
// into it (and so into the repo's history). Seen here by the failing `generate`, which first copies the lock as
// written. Served from loopback; the run does not block this process. (One spec:update run for the three, in a copy
// without the client's type-check: each check costs about 10 s of CPU; spec-update.test.ts has it.)
describe('spec:update of a renamed operation, from a URL with a query, when generation fails', () => {
  it('lists the mock route under the old operationId, records no query in the lock, then keeps no lock, changeset or cache of the new spec', async () => {
    const work = copyWorkspace({ typeCheck: false }); // not about the client's type-check (10 s of CPU): left out
    withMockRoutes(work);
    const clientPkg = join(work, 'packages/client/package.json');
    const pkg = JSON.parse(readFileSync(clientPkg, 'utf8'));
    pkg.scripts.generate =
      "node -e \"require('fs').copyFileSync('../../spec/kalshi-openapi.lock.json', '../../lock-seen.json'); process.exit(3)\"";
    writeFileSync(clientPkg, JSON.stringify(pkg));
    const before = snapshot(work);
    const server = createServer((_request, response) => response.end(renamed()));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.yaml?token=s3cret`;
      const [pnpm, pnpmArgs] = pnpmCommand();
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(pnpm, [...pnpmArgs, 'spec:update', '--from', url], {
          cwd: work,
          env: { ...cleanEnv(), CI: '' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => done({ status, stdout, stderr }));
      });
      expect(run.stdout).toContain(
        'The mock implements operations the new spec no longer has (rename or remove their routes in packages/mock/src/http; pnpm spec:check fails until then):\n  - GetExchangeSchedule\n',
      );
      expect(run.stdout).toContain(
        'Operations the mock has no route for (it answers them 501 not_implemented; pnpm spec:check fails until they have one):\n  - GetExchangeScheduleV2\n',
      );
      expect(run.status).toBe(1);
      expect(snapshot(work)).toEqual(before);
      expect(run.stderr).toMatch(/pnpm generate failed \(see above\); nothing was accepted/);
      const seen = JSON.parse(readFileSync(join(work, 'lock-seen.json'), 'utf8'));
      expect(seen.sha256).toBe(sha256(renamed()));
      expect(JSON.stringify(seen)).not.toContain('s3cret');
    } finally {
      server.close();
    }
  }, 600_000); // one spec:update run for three checks
});

// S-D7 (a byte-only change writes no changeset and updates only the lock's hash): in safety.test.ts's
// "--asyncapi-from keeps the REST lock…", whose second spec:update run offers the accepted REST spec with CRLF.

import { expect, it } from 'vitest';
import { createKalshiMock } from '../../src';
import { startKalshiMockServer } from '../../src/node';

// A suite that creates a mock per test (the usual pattern with beforeEach) must not pile up listeners: msw's
// ws.link() leaves one on a process-wide BroadcastChannel per link, and Node warns past 10.
/** The names of the process warnings `run` causes. */
async function warningsOf(run: () => Promise<unknown>): Promise<string[]> {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    await run();
    // Node emits process warnings on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings.map((w) => w.name);
}

it('creates 30 mocks on the default URLs without a MaxListenersExceededWarning', async () => {
  const warnings = await warningsOf(async () => {
    for (let i = 0; i < 30; i++) createKalshiMock({ seed: i + 1 });
  });
  expect(warnings).not.toContain('MaxListenersExceededWarning');
}, 60_000);

// A stream URL of its own per mock (each server's port, a base URL per mock) would be a link each: the msw stream
// handlers are built only for a mock that hands them to msw.
it('starts 12 servers, each on its own port, without a MaxListenersExceededWarning', async () => {
  const warnings = await warningsOf(async () => {
    const servers = [];
    for (let i = 0; i < 12; i++) servers.push(await startKalshiMockServer({ seed: i + 1, pingIntervalMs: 0 }));
    await Promise.all(servers.map((server) => server.close()));
  });
  expect(warnings).not.toContain('MaxListenersExceededWarning');
}, 60_000);

it('creates 12 mocks on their own base URLs, REST handlers only, without a MaxListenersExceededWarning', async () => {
  const warnings = await warningsOf(async () => {
    for (let i = 0; i < 12; i++) createKalshiMock({ seed: i + 1, baseUrl: `https://m${i}.mock.test/trade-api/v2` });
  });
  expect(warnings).not.toContain('MaxListenersExceededWarning');
}, 60_000);

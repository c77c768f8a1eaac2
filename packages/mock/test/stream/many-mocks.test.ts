import { expect, it } from 'vitest';
import { createKalshiMock } from '../../src';

// A suite that creates a mock per test (the usual pattern with beforeEach) must not pile up listeners: msw's
// ws.link() leaves one on a process-wide BroadcastChannel per link, and Node warns past 10.
it('creates 30 mocks on the default URLs without a MaxListenersExceededWarning', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    for (let i = 0; i < 30; i++) createKalshiMock({ seed: i + 1 });
    // Node emits process warnings on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
}, 60_000);

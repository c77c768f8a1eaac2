import { expect, it, vi } from 'vitest';
import { json, observedClient } from '../helpers';

// vitest: isolate (the warnings are once per process: a file before this one in a shared worker would use them up).
// The spec marks the /communications/quotes/{quote_id} operations deprecated (`deprecated: true`).
it('warns once per process through the logger when a deprecated operation is called', async () => {
  // Through the logger when it logs warnings, "else" as a process warning: not both.
  const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  const warnings: { fields: object; message: string }[] = [];
  const { client, requests } = await observedClient(() => json({ quote: {} }), {
    logger: { debug() {}, info() {}, warn: (fields, message) => warnings.push({ fields, message }), error() {} },
  });
  const call = () => client.GET('/communications/quotes/{quote_id}', { params: { path: { quote_id: 'q1' } } });
  await call();
  await call();
  expect(requests).toHaveLength(2); // still sent
  expect(warnings).toHaveLength(1);
  expect(warnings[0]?.fields).toEqual({ operationId: 'GetQuote', message: 'GetQuote is deprecated by Kalshi' });
  await client.GET('/portfolio/balance');
  expect(warnings).toHaveLength(1); // not deprecated
  expect(emit).not.toHaveBeenCalled();
  emit.mockRestore();
});

it('without a logger, emits one DeprecationWarning per operation per process', async () => {
  const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  const { client } = await observedClient(() => json({}));
  const call = () => client.DELETE('/communications/quotes/{quote_id}', { params: { path: { quote_id: 'q1' } } });
  await call();
  await call();
  const { client: other } = await observedClient(() => json({}));
  await other.DELETE('/communications/quotes/{quote_id}', { params: { path: { quote_id: 'q1' } } });
  expect(emit).toHaveBeenCalledTimes(1);
  expect(emit).toHaveBeenCalledWith(
    expect.stringMatching(/DeleteQuote/),
    expect.objectContaining({ type: 'DeprecationWarning' }),
  );
  emit.mockRestore();
});

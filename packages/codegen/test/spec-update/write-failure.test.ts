import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FIXTURES } from '../helpers';
import { CACHED, CACHED_WS, cleanEnv, copyWorkspace, oneLine, script, sha256, snapshot } from './workspace';

// spec-update.mjs promises "all of it is put back when generation fails" and that the locks never name a spec the
// generated code is not from. A write that fails before generation (a full disk, a path that cannot be written; here
// a dangling link where the WebSocket changeset goes) came after the REST changeset, cache and lock were written: the
// REST lock then named 3.32.0 while src/generated still held the 3.31.0 code. Every written file is put back.
// The copy leaves out the client's type-check, which passes either way and is not what this is about (10 s of CPU).
it('spec:update puts back every file it wrote when a later write fails', () => {
  const work = copyWorkspace({ typeCheck: false });
  const rest = parse(readFileSync(CACHED, 'utf8'));
  rest.info.version = '3.32.0';
  rest.components.schemas.Market.properties.accepted_field = { type: 'string' };
  writeFileSync(join(work, 'rest.yaml'), stringify(rest));
  const ws = parse(readFileSync(CACHED_WS, 'utf8'));
  ws['x-error-codes'].codes.push({ code: 99, name: 'New error', description: 'New.' });
  const wsText = stringify(ws);
  writeFileSync(join(work, 'ws.yaml'), wsText);
  const wsLock = JSON.parse(readFileSync(join(work, 'spec/kalshi-asyncapi.lock.json'), 'utf8'));
  const changeset = `kalshi-ws-spec-${String(ws.info.version)}-${wsLock.sha256.slice(0, 8)}-${sha256(wsText).slice(0, 8)}.md`;
  // A link into a directory that does not exist: not there to read, and writing through it fails.
  symlinkSync(join(work, 'no-such-dir/changeset.md'), join(work, '.changeset', changeset));
  const before = snapshot(work);
  const run = script(work, 'spec-update', ['--from', 'rest.yaml', '--asyncapi-from', 'ws.yaml']);
  expect(run.status).toBe(1);
  expect(oneLine(run.stderr)).toHaveLength(1);
  expect(run.stderr).toContain(`.changeset/${changeset}`);
  expect(snapshot(work)).toEqual(before);
}, 600_000);

// Round 41 (D): a Ctrl-C (SIGINT) or a CI runner's SIGTERM ended spec:update at once: between its writes (the cache
// and the lock of the new spec written, its changeset not), or during `turbo run generate` (the lock and changeset of
// the new spec kept, src/generated half made from it). Either way the lock named a spec the generated code is not
// from, which this script promises never happens. The notes are silent (our script): interrupted, it puts back every
// file it wrote, says so in one line and exits 128 + the signal's number.
describe('spec:update interrupted', () => {
  const preload = join(FIXTURES, 'signal-after-write.mjs');
  const interrupted = (env: Record<string, string>) => {
    const work = copyWorkspace({ typeCheck: false });
    const rest = parse(readFileSync(CACHED, 'utf8'));
    rest.info.version = '3.32.0';
    rest.components.schemas.Market.properties.accepted_field = { type: 'string' };
    writeFileSync(join(work, 'rest.yaml'), stringify(rest));
    // pnpm on the PATH (generation needs it; the run that would use it is replaced by the preload).
    const bin = join(work, 'fake-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const before = snapshot(work);
    const run = spawnSync(
      process.execPath,
      ['--import', preload, join(work, 'scripts/spec-update.mjs'), '--from', 'rest.yaml'],
      {
        cwd: work,
        encoding: 'utf8',
        env: { ...cleanEnv(), CI: '', PATH: `${bin}${delimiter}${process.env.PATH}`, SIGNAL_IN: work, ...env },
      },
    );
    return { run, before, after: snapshot(work) };
  };

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'by %s between its writes: puts back every file and exits %i',
    (signal, status) => {
      const { run, before, after } = interrupted({ SIGNAL: signal, SIGNAL_AFTER: '1' });
      expect({ status: run.status, signal: run.signal }).toEqual({ status, signal: null });
      expect(run.stderr).toContain(`interrupted by ${signal}`);
      expect(oneLine(run.stderr)).toHaveLength(1);
      expect(after).toEqual(before);
    },
    600_000,
  );

  it('by a Ctrl-C during generation: puts back every file and exits 130', () => {
    const { run, before, after } = interrupted({ SIGNAL: 'SIGINT', SIGNAL_ON_SPAWN: 'generate' });
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 130, signal: null });
    expect(run.stderr).toContain('interrupted by SIGINT');
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(after).toEqual(before);
  }, 600_000);
});

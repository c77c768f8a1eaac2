import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CACHED, CACHED_WS, copyWorkspace, oneLine, script, sha256, snapshot } from './workspace';

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

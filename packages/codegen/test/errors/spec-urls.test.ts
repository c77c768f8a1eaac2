// Attack round 24, A8 and point 4: a spec URL's user name, password, query and fragment (a `?token=`) were repeated
// in errors, which CI logs keep; and a spec came over plain http from any host, where anyone on the path can rewrite
// it (and spec text becomes generated code). The notes are silent (our CLI): a spec URL is named without them, and
// plain http is taken only from loopback.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CodegenError, generate, readSpecFile } from '../../src';
import { CLI, FIXTURES, tempDir } from '../helpers';

const MINIMAL = readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8');

let server: Server;
let port = 0;
const requested: string[] = [];
beforeAll(async () => {
  // Serves the minimal spec at /spec.yaml (whatever the query), 404 elsewhere.
  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    response.setHeader('connection', 'close');
    if (request.url?.startsWith('/spec.yaml')) response.end(MINIMAL);
    else response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('a spec URL is named without its user name, password, query or fragment', () => {
  // The scheme in upper case too (verifier V, round 24: `HTTP://` was read as a file path and echoed whole).
  it.each(['http', 'HTTP'])(
    'refuses a %s:// URL with a user name and password before downloading, without repeating them',
    async (scheme) => {
      const url = `${scheme}://user:SECRETPASS@127.0.0.1:${port}/spec.yaml`;
      const error = await failure(readSpecFile(url));
      expect(error).toBeInstanceOf(CodegenError);
      expect(error).toMatchObject({ code: 'file_unreadable', file: `http://127.0.0.1:${port}/spec.yaml` });
      expect((error as Error).message).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${port}/spec\\.yaml: .*user name or password`),
      );
      expect((error as Error).message).not.toMatch(/SECRETPASS|user:/);
    },
  );

  it('names a failed download without the query and fragment', async () => {
    const url = `http://127.0.0.1:${port}/missing.yaml?token=SECRETTOKEN#SECRETFRAG`;
    const error = await failure(readSpecFile(url));
    expect(error).toMatchObject({ code: 'file_unreadable', file: `http://127.0.0.1:${port}/missing.yaml?…#…` });
    expect((error as Error).message).toBe(`http://127.0.0.1:${port}/missing.yaml?…#…: download failed with HTTP 404`);
  });

  it('downloads a loopback URL with a query, and names it without the query in later errors', async () => {
    const spec = await readSpecFile(`http://127.0.0.1:${port}/spec.yaml?token=SECRETTOKEN`);
    expect(spec.document.openapi).toBe('3.0.0');
    expect(spec.file).toBe(`http://127.0.0.1:${port}/spec.yaml?…`);
    expect(requested.at(-1)).toBe('/spec.yaml?token=SECRETTOKEN');
  });

  // Run without blocking: the CLI downloads from this process's server.
  it('the CLI prints neither the password nor the token', async () => {
    for (const url of [
      `http://user:SECRETPASS@127.0.0.1:${port}/spec.yaml`,
      `http://127.0.0.1:${port}/missing.yaml?token=SECRETTOKEN`,
    ]) {
      const run = await promisify(execFile)(process.execPath, [CLI, 'diff', url, join(FIXTURES, 'minimal.yaml')]).then(
        () => ({ code: 0, stdout: '', stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^kalshi-codegen: http://127\\.0\\.0\\.1:${port}/`));
      expect(run.stderr + run.stdout).not.toMatch(/SECRET/);
    }
  });
});

describe('a spec URL over plain http', () => {
  it.each([
    'http://example.com/spec.yaml',
    'http://203.0.113.7:8080/spec.yaml',
    // Not loopback: a name that starts like a loopback address.
    'http://127.0.0.1.example.com/spec.yaml',
  ])('from %s is refused before any request, advising https or a file', async (url) => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const out = tempDir();
    const error = await failure(generate({ spec: url, out: join(out, 'kalshi') }));
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'file_unreadable', file: url });
    expect((error as Error).message).toMatch(
      /plain http:\/\/ to a host that is not loopback.*use https:\/\/, or download the file/,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is taken from loopback (127.0.0.1 and localhost)', async () => {
    await expect(readSpecFile(`http://127.0.0.1:${port}/spec.yaml`)).resolves.toMatchObject({
      document: { info: { title: 'Minimal test API' } },
    });
    const local = await failure(readSpecFile(`http://localhost:${port}/spec.yaml`));
    // localhost may resolve to ::1 first, where nothing listens: either way it was not refused as plain http.
    expect(String((local as Error | undefined)?.message ?? '')).not.toMatch(/plain http/);
  });

  it('is refused when an https URL redirects to it', async () => {
    const response = new Response(MINIMAL);
    Object.defineProperty(response, 'url', { value: 'http://example.com/spec.yaml?token=SECRETTOKEN' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => response),
    );
    const error = await failure(readSpecFile('https://specs.example.com/spec.yaml'));
    expect(error).toMatchObject({ code: 'file_unreadable', file: 'https://specs.example.com/spec.yaml' });
    expect((error as Error).message).toMatch(
      /^https:\/\/specs\.example\.com\/spec\.yaml: redirected to http:\/\/example\.com\/spec\.yaml\?…, plain http:\/\//,
    );
  });
});

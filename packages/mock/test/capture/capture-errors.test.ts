import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ControlInputError } from '../../src';
import { type CaptureClient, CaptureError, captureDataset, captureFailure } from '../../src/capture';
import { BIN } from '../serve-process';

// Outside test round 11, E-D16: `kalshi-mock capture` errors gave Node's errno text for --out, the path template and
// the raw JSON body for --series, and no hint for the commonest base-URL slip. `serve` names its option in every
// refusal; capture now does too. Kalshi's REST base URL ends in /trade-api/v2 (kalshi-api-notes §1); a 404 body is
// `{"error":{"code":"not_found","message":"not found"}}` (§3.2). What a capture command says is ours (notes silent).

/** A client answering 404 `body` (GET /events: 200 with no events when `eventsFound`), or throwing `thrown`. */
function answering(eventsFound: boolean, body: unknown, thrown?: Error): CaptureClient & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    async GET(path: string) {
      paths.push(path);
      if (thrown) throw thrown;
      if (eventsFound && path === '/events') return { data: { events: [] }, response: new Response(null) };
      return { error: body, response: new Response(null, { status: 404 }) };
    },
  };
}

const notFound = { error: { code: 'not_found', message: 'not found', service: 'exchange' } };

describe('capture errors name the option, the object and the likely fix', () => {
  it('an unknown --series names the series, not the path template, and no raw JSON', async () => {
    const error = await captureDataset(answering(true, notFound), { series: ['nope'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as Error).message).toBe('capture: GET /series/nope answered 404 not_found (not found)');
    const line = captureFailure(error, 'http://127.0.0.1:4010/trade-api/v2');
    expect(line).toBe(
      '--series: "nope" is not a series at http://127.0.0.1:4010/trade-api/v2 (GET /series/nope answered 404 not_found); series tickers are upper case',
    );
    expect(line).not.toMatch(/\{|series_ticker/);
  });

  // Round 22: `{ serie: ['KXHIGHNY'] }` was dropped and the first open events captured instead, without a word.
  it('an option captureDataset does not take is refused before any request', async () => {
    const client = answering(true, notFound);
    // biome-ignore lint/suspicious/noExplicitAny: options from JavaScript, as a caller without types would pass them
    const error = await captureDataset(client, { serie: ['KXHIGHNY'] } as any).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlInputError);
    expect((error as Error).message).toBe('options.serie: is not an option; did you mean "series"?');
    expect(client.paths).toEqual([]);
  });

  it('a 404 from a base URL without /trade-api/v2 suggests the prefix', async () => {
    const error = await captureDataset(answering(false, notFound)).catch((e: unknown) => e);
    expect(captureFailure(error, 'http://127.0.0.1:4010/')).toBe(
      "--env: GET /events answered 404 not_found (not found) at http://127.0.0.1:4010/: is it Kalshi's REST base URL? It ends in /trade-api/v2 (try http://127.0.0.1:4010/trade-api/v2)",
    );
  });

  it('an unreachable --env names the option and the URL', async () => {
    const refused = Object.assign(new Error('GetEvents: connection failed (ECONNREFUSED)'), {
      name: 'KalshiConnectionError',
    });
    const error = await captureDataset(answering(false, undefined, refused)).catch((e: unknown) => e);
    expect(captureFailure(error, 'http://127.0.0.1:9/trade-api/v2')).toBe(
      '--env: cannot reach http://127.0.0.1:9/trade-api/v2 (GetEvents: connection failed (ECONNREFUSED))',
    );
  });

  it('an unwritable --out is named before anything is captured, in one line, exit 1', () => {
    const run = spawnSync(
      process.execPath,
      [BIN, 'capture', '--env', 'http://127.0.0.1:9/trade-api/v2', '--out', '/nonexistent/dir/x.json'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'kalshi-mock: --out: cannot write /nonexistent/dir/x.json (ENOENT: no such file or directory)\n',
    );
  }, 60_000); // spawns the CLI: a generous timeout for a loaded 2-core machine
});

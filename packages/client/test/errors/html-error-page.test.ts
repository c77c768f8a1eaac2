// The notes record only JSON error bodies from Kalshi (kalshi-api-notes §3.1); a proxy in front of it (Cloudflare
// serves api.elections.kalshi.com: its 52x, §3.2 via the transport's retry list) answers with an HTML page. The
// error's message then says what that page says (its title), on one line, not its first 200 characters of markup
// (a Cloudflare page's doctype and IE conditional comments, which name nothing).
import { expect, it } from 'vitest';
import { errorFromResponse, KalshiServerError } from '../../src';

const CLOUDFLARE_502 = `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<!--[if IE 7]>    <html class="no-js ie7 oldie" lang="en-US"> <![endif]-->
<!--[if IE 8]>    <html class="no-js ie8 oldie" lang="en-US"> <![endif]-->
<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
<head>
<title>api.elections.kalshi.com | 502: Bad gateway</title>
<meta charset="UTF-8" />
</head><body><div id="cf-wrapper">${'<span>x</span>'.repeat(200)}</div></body></html>`;

it('an HTML error page: the message is its title, on one line', () => {
  const error = errorFromResponse(502, CLOUDFLARE_502, { operationId: 'GetMarkets' });
  expect(error).toBeInstanceOf(KalshiServerError);
  expect(error.message).toBe('502 server_error: api.elections.kalshi.com | 502: Bad gateway [GetMarkets]');
  expect(error.body).toBe(CLOUDFLARE_502); // the page as sent stays on the error
});

it('a text body that is not HTML: its start, on one line', () => {
  const error = errorFromResponse(503, 'upstream connect error\nor disconnect/reset before headers');
  expect(error.message).toBe('503 server_error: upstream connect error or disconnect/reset before headers');
});

// Round 47 (A): a text body was cut to 200 characters, but a JSON error's message was taken whole: a proxy or a
// misbehaving server answering `{"error":{"message":…}}` of a megabyte made a megabyte error message (in every log line
// and hook that shows it). Kalshi's messages are a sentence (kalshi-api-notes §3.1–3.2; the notes give no limit): the
// message keeps its first 500 characters (a text body's too), the body as sent stays on the error.
it('a JSON error with a huge message: the message is cut, the body kept', () => {
  const body = { error: { code: 'bad_request', message: `too long ${'x'.repeat(1_000_000)}` } };
  const error = errorFromResponse(400, body, { operationId: 'GetMarkets' });
  expect(error.message.startsWith('400 bad_request: too long xxx')).toBe(true);
  expect(error.message.length).toBeLessThan(600);
  expect(error.body).toBe(body);
});

it('a huge text body (not HTML): the message keeps its start, the body kept', () => {
  const body = `upstream ${'y'.repeat(1_000_000)}`;
  const error = errorFromResponse(502, body, { operationId: 'GetMarkets' });
  expect(error.message.startsWith('502 server_error: upstream yyy')).toBe(true);
  expect(error.message.length).toBeLessThan(600);
  expect(error.body).toBe(body);
});

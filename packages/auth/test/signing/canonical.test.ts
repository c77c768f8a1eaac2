import { describe, expect, it } from 'vitest';
import { createSigner, signingMessage, signingPath } from '../../src';
import { rsa } from '../helpers';

describe('the signed message', () => {
  it('is timestamp + METHOD + path with the /trade-api/v2 prefix', () => {
    expect(
      signingMessage('1718000000123', 'GET', 'https://external-api.kalshi.com/trade-api/v2/portfolio/orders'),
    ).toBe('1718000000123GET/trade-api/v2/portfolio/orders');
  });

  it('drops the query string', () => {
    expect(signingPath('https://demo-api.kalshi.co/trade-api/v2/portfolio/orders?limit=5&cursor=abc')).toBe(
      '/trade-api/v2/portfolio/orders',
    );
  });

  it('keeps percent-encoded path params as sent', () => {
    expect(signingPath('https://x.test/trade-api/v2/markets/KX%2FA%20B/orderbook')).toBe(
      '/trade-api/v2/markets/KX%2FA%20B/orderbook',
    );
    expect(signingPath(new Request('https://x.test/trade-api/v2/markets/A B'))).toBe('/trade-api/v2/markets/A%20B');
  });

  it('keeps a trailing slash', () => {
    expect(signingPath('https://x.test/trade-api/v2/portfolio/orders/')).toBe('/trade-api/v2/portfolio/orders/');
  });

  it('upper-cases the method', () => {
    expect(signingMessage('1', 'delete', '/trade-api/v2/portfolio/events/orders/1')).toBe(
      '1DELETE/trade-api/v2/portfolio/events/orders/1',
    );
  });

  it('signs the WebSocket handshake path', () => {
    expect(signingMessage('1', 'GET', 'wss://external-api-ws.kalshi.com/trade-api/ws/v2')).toBe('1GET/trade-api/ws/v2');
  });

  it('accepts a path, a URL or a Request', () => {
    const expected = '/trade-api/v2/exchange/status';
    expect(signingPath('/trade-api/v2/exchange/status?x=1')).toBe(expected);
    expect(signingPath(new URL('https://x.test/trade-api/v2/exchange/status'))).toBe(expected);
    expect(signingPath(new Request('https://x.test/trade-api/v2/exchange/status?y'))).toBe(expected);
  });

  // Attack report S-D3: a server's request object (node:http's IncomingMessage, Express, Koa) carries the path as its
  // `url`, relative. Its whole path is signed (kalshi-api-notes §2.1: the path with its `/trade-api/v2` prefix), not the
  // path after its first segment.
  it('takes a request object whose url is a path, as a server sees it', () => {
    const expected = '/trade-api/v2/portfolio/balance';
    expect(signingPath({ url: '/trade-api/v2/portfolio/balance?subaccount=1' })).toBe(expected);
    expect(signingPath({ url: '/trade-api/v2/portfolio/balance' })).toBe(expected);
    expect(signingPath({ url: '/v2/portfolio/balance' })).toBe('/v2/portfolio/balance');
    expect(signingMessage('1', 'GET', { url: '/trade-api/ws/v2' })).toBe('1GET/trade-api/ws/v2');
  });

  // Verifier report V-D1: a request target `//trade-api/v2/…` (RFC 9112 §3.2.1 origin-form; node:http hands it over as
  // is) is a path, not a protocol-relative reference whose first segment would be a host; a URL without a path has
  // the path `/`, whatever its query holds.
  it('reads a path starting with // as a path, and never takes a path from the query', () => {
    expect(signingPath({ url: '//trade-api/v2/portfolio/balance?x=1' })).toBe('//trade-api/v2/portfolio/balance');
    expect(signingPath('//trade-api/v2/portfolio/balance')).toBe('//trade-api/v2/portfolio/balance');
    expect(signingPath({ url: 'http://h.example?x=/trade-api/v2/portfolio/balance' })).toBe('/');
    expect(signingPath({ url: 'http://h.example#/trade-api/v2' })).toBe('/');
  });
});

describe('the signer clock', () => {
  it('stamps each signature with the clock in milliseconds, unless a timestamp is given', async () => {
    let now = 1_781_159_360_866;
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, clock: () => now++ });
    const first = await signer.sign({ method: 'GET', url: '/trade-api/v2/portfolio/balance' });
    const second = await signer.sign({ method: 'GET', url: '/trade-api/v2/portfolio/balance' });
    expect(first['KALSHI-ACCESS-TIMESTAMP']).toBe('1781159360866');
    expect(second['KALSHI-ACCESS-TIMESTAMP']).toBe('1781159360867');
    expect(
      (await signer.sign({ method: 'GET', url: '/trade-api/v2/x', timestamp: 1_718_000_000_123 }))[
        'KALSHI-ACCESS-TIMESTAMP'
      ],
    ).toBe('1718000000123');
  });
});

// Attack round 22, A13: signingMessage() or one object of the three crashed inside on `toUpperCase`.
describe('signingMessage names a missing or misplaced argument', () => {
  it.each([
    ['no arguments', [], /^signingMessage\(timestamp, method, url\): timestamp: .*got undefined$/],
    [
      'one object of the three',
      [{ timestamp: '1718000000123', method: 'GET', url: '/trade-api/v2/x' }],
      /timestamp: .*got an object \(the three are separate arguments\)$/,
    ],
    ['no method', ['1718000000123', undefined, '/trade-api/v2/x'], /: method: expected a string, got undefined$/],
    ['no url', ['1718000000123', 'GET'], /url/],
  ])('%s', (_, args, message) => {
    const signing = () => (signingMessage as (...a: unknown[]) => string)(...args);
    expect(signing).toThrow(expect.objectContaining({ name: 'KalshiAuthError' }));
    expect(signing).toThrow(message);
  });
});

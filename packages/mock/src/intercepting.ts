// The mock's keys tell a client (@org/kalshi-client's mock-guard.ts) that Kalshi's real hosts must not get them unless
// this mock answers there: setupKalshiMockServer's carry a function under a registry symbol (true while msw listens);
// startKalshiMockServer's (and `kalshi-mock serve`'s key files) name the url they serve as `mockServerUrl`, plain data
// that survives JSON. A client holding such a key refuses to sign a request bound for Kalshi's hosts otherwise
// (KalshiMockNotListeningError).
import { redactInspection } from '@org/kalshi-auth';
import type { KalshiMock, MockCredentials } from './mock';
import { type MockUser, PRIVATE_KEY_FIELDS } from './users';

/** Registry key shared with @org/kalshi-client. */
const INTERCEPTING = Symbol.for('@org/kalshi-mock/intercepting');

/** Marks a key with the function that tells whether Kalshi's real hosts reach this mock now. */
export function interceptingMark(intercepting: () => boolean): <K extends MockCredentials>(key: K) => K {
  // Enumerable, so a spread copy keeps it; a symbol, so JSON and key listings leave it out.
  return (key) => ({ ...key, [INTERCEPTING]: intercepting });
}

/** Marks a key with the only url that serves it. */
export function servedMark(mockServerUrl: string): <K extends MockCredentials>(key: K) => K {
  return (key) => ({ ...key, mockServerUrl });
}

/**
 * `mock` whose `credentials`, `users` and `addUser` answers carry `mark`; its getters stay getters (a spread would
 * build the msw stream handlers), and each user is marked once. A marked copy prints its key as `[REDACTED]`, as the
 * key it copies does (mock.ts, users.ts).
 */
export function withMarkedKeys(mock: KalshiMock, mark: <K extends MockCredentials>(key: K) => K): KalshiMock {
  const marked = new WeakMap<MockUser, MockUser>();
  const markUser = (user: MockUser) => {
    const copy = marked.get(user) ?? redactInspection(mark(user), PRIVATE_KEY_FIELDS, 'MockUser');
    marked.set(user, copy);
    return copy;
  };
  return Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(mock),
      credentials: {
        value: redactInspection(mark(mock.credentials), PRIVATE_KEY_FIELDS, 'Credentials'),
        enumerable: true,
        writable: true,
        configurable: true,
      },
      users: { get: () => mock.users.map(markUser), enumerable: true, configurable: true },
      addUser: {
        value: (options?: Parameters<KalshiMock['addUser']>[0]) => markUser(mock.addUser(options)),
        enumerable: true,
        writable: true,
        configurable: true,
      },
    },
  ) as KalshiMock;
}

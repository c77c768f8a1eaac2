import { expect, expectTypeOf, it } from 'vitest';
import { createKalshiClient, KalshiMissingCredentialsError, type OperationInfo, type paths } from '../../src';
import { BASE, json, testSigner } from '../helpers';

// A spec newer than this package, as `kalshi-codegen generate` would type it for a user: the built-in paths plus one
// operation the package does not know.
type UserPaths = paths & {
  '/portfolio/tax_documents': {
    get: {
      parameters: { query: { year: number } };
      responses: { 200: { content: { 'application/json': { documents: { id: string }[] } } } };
    };
  };
};
const operations: Record<string, OperationInfo> = {
  GetTaxDocuments: {
    operationId: 'GetTaxDocuments',
    method: 'get',
    path: '/portfolio/tax_documents',
    tags: ['portfolio'],
    auth: 'required',
    deprecated: false,
    retry: { repeat: 'always', lostResponse: 'none' },
    pagination: null,
  },
};

async function userClient(withCredentials: boolean) {
  const requests: Request[] = [];
  const client = await createKalshiClient<UserPaths>({
    baseUrl: BASE,
    operations,
    credentials: withCredentials ? await testSigner() : undefined,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return json({ documents: [{ id: 'doc-1' }] });
    }) as typeof fetch,
  });
  return { client, requests };
}

it('types and signs an operation known only from the user-generated spec', async () => {
  const { client, requests } = await userClient(true);
  const { data } = await client.GET('/portfolio/tax_documents', { params: { query: { year: 2026 } } });
  expectTypeOf(data).toEqualTypeOf<{ documents: { id: string }[] } | undefined>();
  expect(data?.documents[0]?.id).toBe('doc-1');
  expect(requests[0]?.headers.has('KALSHI-ACCESS-SIGNATURE')).toBe(true);
  // @ts-expect-error the user's spec requires `year`
  await client.GET('/portfolio/tax_documents', { params: { query: {} } });
});

it("applies the user's operation table: an auth-required new operation fails early without credentials", async () => {
  const { client, requests } = await userClient(false);
  const error = await client
    .GET('/portfolio/tax_documents', { params: { query: { year: 2026 } } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiMissingCredentialsError);
  expect((error as Error).message).toMatch(/GetTaxDocuments needs API credentials/);
  expect(requests).toHaveLength(0);
});

it('keeps the built-in operations and helpers next to the user ones', async () => {
  const { client } = await userClient(false);
  const error = await client.GET('/portfolio/balance').catch((e: unknown) => e);
  expect((error as Error).message).toMatch(/GetBalance needs API credentials/);
  expectTypeOf(client.placeOrder).toBeFunction();
});

it("matches the user's operations by method as well as path: another method on that path is not that operation", async () => {
  const { client, requests } = await userClient(false);
  // Neither table has a POST /portfolio/tax_documents: not GetTaxDocuments's auth check, so it is sent (unsigned).
  const { response } = await client.POST('/portfolio/tax_documents' as never, {} as never);
  expect(response.status).toBe(200);
  expect(requests.map((request) => request.method)).toEqual(['POST']);
});

it("looks the user's operations up before the built-in ones: a newer spec's entry for a known path wins", async () => {
  // A newer spec renaming GET /portfolio/balance's operation: its operationId names the call's failure.
  const client = await createKalshiClient({
    baseUrl: BASE,
    operations: {
      GetBalanceV3: {
        ...(operations.GetTaxDocuments as OperationInfo),
        operationId: 'GetBalanceV3',
        path: '/portfolio/balance',
      },
    },
    fetch: (async () => json({ balance: 1 })) as typeof fetch,
  });
  const error = await client.GET('/portfolio/balance').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiMissingCredentialsError);
  expect((error as Error).message).toMatch(/^GetBalanceV3 needs API credentials/);
});

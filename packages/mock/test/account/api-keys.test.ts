import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { describe, expect, it } from 'vitest';
import { BASE, call, harness, order } from '../helpers';

// kalshi-api-notes §2.1 (keys: generate returns api_key_id + private_key; upload your own public key; scopes default
// read + write) and §2.3 (an unknown key id is 401 authentication_error / NOT_FOUND).
const NOT_FOUND_401 = {
  error: { code: 'authentication_error', message: 'authentication_error', details: 'NOT_FOUND' },
};

describe('API keys', () => {
  it('a generated key signs requests the mock accepts, and stops working once deleted', async () => {
    const { mock, call: asTestKey } = await harness({ empty: true });
    const generated = await asTestKey('POST', '/api_keys/generate', { name: 'bot' });
    expect(generated.status).toBe(201);
    const { api_key_id: keyId, private_key: privateKey } = generated.body;
    expect(privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/); // PKCS#1 for rsa, per the spec

    const signer = await createSigner({ keyId, privateKey });
    const asNewKey = (method: string, path: string) => call(mock, signer, BASE, method, path);
    const balance = await asNewKey('GET', '/portfolio/balance');
    expect(balance.status).toBe(200);
    // The same account: the new key sees the test key's balance.
    expect(balance.body.balance).toBe((await asTestKey('GET', '/portfolio/balance')).body.balance);

    const listed = await asTestKey('GET', '/api_keys');
    expect(listed.body.api_keys).toContainEqual({ api_key_id: keyId, name: 'bot', scopes: ['read', 'write'] });

    expect((await asTestKey('DELETE', `/api_keys/${keyId}`)).status).toBe(204);
    const after = await asNewKey('GET', '/portfolio/balance');
    expect(after).toMatchObject({ status: 401, body: NOT_FOUND_401 });
    expect(
      (await asTestKey('GET', '/api_keys')).body.api_keys.map((k: { api_key_id: string }) => k.api_key_id),
    ).not.toContain(keyId);
  });

  // Spec CreateApiKey: uploading a public key is for "Premier or Market Maker API usage levels"; the rateLimit option
  // sets the mock's tier.
  it('creates a key from a public key the user holds, at the Premier usage tier', async () => {
    const { mock, call: asTestKey } = await harness({ empty: true, rateLimit: 'premier' });
    const pair = generateKeyPairSync({ type: 'ed25519' });
    const created = await asTestKey('POST', '/api_keys', {
      name: 'mine',
      public_key: pair.publicKeyPem,
      scopes: ['read'],
    });
    expect(created.status).toBe(201);
    const signer = await createSigner({ keyId: created.body.api_key_id, privateKey: pair.privateKeyPem });
    expect((await call(mock, signer, BASE, 'GET', '/portfolio/balance')).status).toBe(200);
  });

  it('refuses a public key that is not PEM, naming the field, and deleting an unknown key is 404', async () => {
    const { call: asTestKey } = await harness({ empty: true, rateLimit: 'premier' });
    const bad = await asTestKey('POST', '/api_keys', { name: 'x', public_key: 'not a key' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatch(/^public_key:/);
    expect((await asTestKey('DELETE', '/api_keys/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  // CreateApiKeyRequest.public_key: "RSA or Ed25519 public key in PEM format (`-----BEGIN PUBLIC KEY-----`)"; a
  // private key is no public key (outside round R-D3: it was taken, its public half derived). The refusal must not
  // echo the key.
  it.each(['rsa', 'ed25519'] as const)(
    'refuses a %s PRIVATE key sent as public_key, without echoing it',
    async (type) => {
      const { call: asTestKey } = await harness({ empty: true, rateLimit: 'premier' });
      const pair = generateKeyPairSync({ type });
      const sent = await asTestKey('POST', '/api_keys', { name: 'oops', public_key: pair.privateKeyPem });
      expect(sent.status).toBe(400);
      expect(sent.body.error.details).toMatch(/^public_key:/);
      const body = pair.privateKeyPem.split('\n')[1] as string;
      expect(JSON.stringify(sent.body)).not.toContain(body.slice(0, 20));
      expect((await asTestKey('GET', '/api_keys')).body.api_keys).toHaveLength(1); // the test key alone
    },
  );

  // GetApiKeys fcm_subtrader_id: "Return only API keys bound to this FCM subtrader. … only FCM members hold bound
  // keys." The mock's accounts are direct members: no key is bound (outside round R-D4: every key was returned).
  it('lists no key for an fcm_subtrader_id filter: no key of a direct member is bound to a subtrader', async () => {
    const { call: asTestKey } = await harness({ empty: true });
    expect((await asTestKey('GET', '/api_keys')).body.api_keys).toHaveLength(1);
    const filtered = await asTestKey('GET', '/api_keys?fcm_subtrader_id=someone_1');
    expect(filtered).toMatchObject({ status: 200, body: { api_keys: [] } });
  });

  // Spec DeleteApiKey: 400 "Bad request - invalid API key ID"; key ids are UUIDs (notes §2.1), and a malformed id is
  // answered as a malformed order id is (notes §3.2: 400 invalid_parameters). A well-formed unknown id stays 404.
  it.each(['not-a-uuid', '12345', '00000000-0000-4000-8000-00000000000g'])(
    'answers 400 invalid_parameters to deleting the malformed key id %s, and the test key still works',
    async (id) => {
      const { call: asTestKey } = await harness({ empty: true });
      expect(await asTestKey('DELETE', `/api_keys/${id}`)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_parameters' } },
      });
      expect((await asTestKey('GET', '/api_keys')).body.api_keys).toHaveLength(1);
    },
  );

  // kalshi-api-notes §2.1: keys are managed per user; deleteApiKey: someone else's id is 404, as an unknown one.
  // (Mutation gap AK02: any user could delete any key.)
  it("answers 404 to deleting another user's key, and that key keeps signing", async () => {
    const { mock, call: asTestKey } = await harness({ empty: true });
    const pair = generateKeyPairSync({ type: 'ed25519' });
    const keyId = 'another-users-key';
    mock.exchange.addApiKey({ keyId, publicKeyPem: pair.publicKeyPem, userId: '2c9e7a41-3b5d-4f60-8e1a-9b7c6d5e4f30' });
    expect(await asTestKey('DELETE', `/api_keys/${keyId}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    const signer = await createSigner({ keyId, privateKey: pair.privateKeyPem });
    expect((await call(mock, signer, BASE, 'GET', '/portfolio/balance')).status).toBe(200);
  });

  // Spec CreateApiKey: "allows users with Premier or Market Maker API usage levels to create API keys by providing
  // their own … public key", 403 "insufficient API usage level"; notes §2.1 ("restricted to higher tiers"), §2.3 (403
  // for tier-gated endpoints). §3.2 records no code string for a 403.
  it.each([
    ['a Basic account (no rateLimit option)', {}],
    ['an Advanced account', { rateLimit: 'advanced' as const }],
  ])('refuses uploading a public key from %s with 403 naming the usage level, and adds no key', async (_, options) => {
    const { call: asTestKey } = await harness({ empty: true, ...options });
    const sent = await asTestKey('POST', '/api_keys', {
      name: 'mine',
      public_key: generateKeyPairSync({ type: 'ed25519' }).publicKeyPem,
    });
    expect(sent.status).toBe(403);
    expect(sent.body.error.code).toBe('forbidden');
    expect(sent.body.error.details).toMatch(/Premier/);
    expect(sent.body.error.details).toMatch(/usage (tier|level)/);
    expect((await asTestKey('GET', '/api_keys')).body.api_keys).toHaveLength(1); // the test key alone
  });

  it('an upgrade grant (Advanced) is not enough to upload a key; generating one is open to every tier', async () => {
    const { mock, call: asTestKey } = await harness();
    const market = [...mock.exchange.markets.values()].find((m) => m.status === 'active')!;
    expect((await asTestKey('POST', '/portfolio/events/orders', order(market.ticker))).status).toBe(201);
    expect((await asTestKey('POST', '/account/api_usage_level/upgrade', {})).status).toBe(201);
    const sent = await asTestKey('POST', '/api_keys', {
      name: 'mine',
      public_key: generateKeyPairSync({ type: 'ed25519' }).publicKeyPem,
    });
    expect(sent.status).toBe(403);
    expect(sent.body.error.details).toMatch(/advanced/);
    expect((await asTestKey('POST', '/api_keys/generate', { name: 'bot' })).status).toBe(201);
  });

  // GenerateApiKeyRequest.scopes: "Defaults to full access (`read`, `write`) if not provided." An empty list is not
  // "not provided" in JSON, and a key with no scope can do nothing; a scope listed twice is a slip. The spec and the
  // notes are silent on both: refused naming the field, and no key is made (it was made, with [] or the duplicate).
  // name is required: "" (Go's absent string) made a key listed under no name.
  it.each([
    ['scopes: []', { name: 'bot', scopes: [] }, /^scopes: /],
    ['a scope listed twice', { name: 'bot', scopes: ['read', 'read'] }, /^scopes: read is listed twice/],
    ['name: ""', { name: '' }, /^name: /],
  ])('refuses to generate a key with %s, naming the field, and makes none', async (_, body, details) => {
    const { call: asTestKey } = await harness({ empty: true });
    const sent = await asTestKey('POST', '/api_keys/generate', body);
    expect(sent.status).toBe(400);
    expect(sent.body.error.details).toMatch(details);
    expect((await asTestKey('GET', '/api_keys')).body.api_keys).toHaveLength(1); // the test key alone
  });
});

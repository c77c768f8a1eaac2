// Signatures per second: this package (key parsed once) vs re-parsing the PEM on every call (what the official
// kalshi-typescript SDK does) vs `openssl speed` as the ceiling — one core, same run.
import { spawnSync } from 'node:child_process';
import { constants, createPrivateKey, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { createSigner } from '../dist/index.mjs';
import { generateKeyPair } from '../dist/node.mjs';

const { KalshiAuth } = createRequire(import.meta.url)('kalshi-typescript/dist/auth.js');

const SECONDS = 2;
const url = 'https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5';

async function rate(fn) {
  for (let i = 0; i < 50; i++) await fn(); // warm-up
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return n / SECONDS;
}

function opensslSpeed(algorithm) {
  const run = spawnSync('openssl', ['speed', '-seconds', String(SECONDS), algorithm], { encoding: 'utf8' });
  const text = `${run.stdout}\n${run.stderr}`;
  // "rsa 2048 bits 0.000595s 0.000017s 1681.0 58823.5" → sign/s is the first of the two rates
  const rsa = text.match(/rsa\s+2048 bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)/);
  const ed = text.match(/253 bits EdDSA \(Ed25519\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)/);
  return Number((rsa ?? ed)?.[1] ?? Number.NaN);
}

const rows = [];
for (const type of ['rsa', 'ed25519']) {
  const pair = await generateKeyPair({ type });
  const signer = await createSigner({ keyId: pair.keyId, privateKey: pair.privateKeyPem });
  const ours = await rate(() => signer.sign({ method: 'GET', url }));
  // RSA: the official SDK's own signer; Ed25519 (which it does not support): the same pattern by hand.
  const official = new KalshiAuth(pair.keyId, pair.privateKeyPem);
  const reparse = await rate(() => {
    if (type === 'rsa') return official.generateAuthHeaders('GET', '/trade-api/v2/portfolio/orders');
    const key = createPrivateKey(pair.privateKeyPem);
    const message = Buffer.from(`${Date.now()}GET/trade-api/v2/portfolio/orders`);
    return type === 'rsa'
      ? sign('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64')
      : sign(null, message, key).toString('base64');
  });
  const ceiling = opensslSpeed(type === 'rsa' ? 'rsa2048' : 'ed25519');
  rows.push({ type, ours, reparse, ceiling });
}

const f = (v) => Math.round(v).toLocaleString('en-US');
const r = (v) => `${v.toFixed(2)}×`;
console.log(`## Signing (@org/kalshi-auth)

Signatures per second on one core, ${SECONDS} s each, same run. "Re-parse" is kalshi-typescript 3.30.0's own \`KalshiAuth\` for RSA
(it hands the PEM string to \`crypto.sign\` on every call, so the key is parsed each time) and the same pattern for Ed25519; the ceiling is \`openssl speed\` (raw sign, no message building or base64).

| key | this package | re-parse each call | openssl ceiling | ours / ceiling | ours / re-parse |
|---|---|---|---|---|---|
${rows.map((x) => `| ${x.type === 'rsa' ? 'RSA 2048 (PSS)' : 'Ed25519'} | ${f(x.ours)} /s | ${f(x.reparse)} /s | ${f(x.ceiling)} /s | ${r(x.ours / x.ceiling)} | ${r(x.ours / x.reparse)} |`).join('\n')}
`);

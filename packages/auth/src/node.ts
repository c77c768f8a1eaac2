// Node-only helpers, kept out of the main entry so it stays free of static node:* imports (browsers, Workers).
export { type GeneratedKeyPair, generateKeyPair, generateKeyPairSync, type KeyPairOptions } from './keygen';

import { testConfig } from '../../vitest.base.ts';

// RSA key generation and the in-process mock's first request take seconds on a loaded 2-core machine.
export default testConfig(import.meta.dirname);

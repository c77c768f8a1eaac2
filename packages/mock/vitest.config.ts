import { testConfig } from '../../vitest.base.ts';

// A mock builds its dataset and handlers in ms alone, but seconds while turbo runs other packages' tasks; the stream
// tests' first afterEach compiles the AsyncAPI validators (over 10 s on a loaded machine).
export default testConfig(import.meta.dirname);

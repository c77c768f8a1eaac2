import { testConfig } from '../../vitest.base.ts';

// A mock builds its dataset and handlers in ms alone, but seconds while turbo runs other packages' tasks; the stream
// tests' first afterEach compiles the AsyncAPI validators (over 10 s on a loaded machine). Two workers at least: on a
// 2-core machine the line's other packages' slow files leave a core to the mock's second worker once they end.
export default testConfig(import.meta.dirname, { minWorkers: 2 });

import { expect, it, vi } from 'vitest';
import { readSpecFile } from '../../src/load-spec';

// A read that fails with an error carrying neither Node's `code` nor Deno's NotCapable (another runtime's own error,
// a thrown string) is still one CodegenError naming the file, as every read failure is: not the raw error, which the
// CLI would print as an internal error with its stack (the round-38 review).
vi.mock('node:fs/promises', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:fs/promises')>()),
  readFile: async () => {
    throw new Error('the runtime refused without a code');
  },
}));

it('a read error without a code is a CodegenError file_unreadable naming the file', async () => {
  const file = import.meta.filename; // stat succeeds; the read fails
  await expect(readSpecFile(file)).rejects.toMatchObject({
    name: 'CodegenError',
    code: 'file_unreadable',
    file,
    message: `${file}: cannot read spec file (unknown error)`,
  });
});

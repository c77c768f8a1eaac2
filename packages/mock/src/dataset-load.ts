import { readFile } from 'node:fs/promises';
import { checkDataset, DatasetError, type DatasetFile } from './exchange/dataset-file';

/** Reads and checks a dataset file; errors name the file (and the record and field when the schema fails). */
export async function loadDatasetFile(path: string): Promise<DatasetFile> {
  if (typeof path !== 'string' || path === '')
    throw new DatasetError(`loadDatasetFile(path): expected a file path, got ${JSON.stringify(path) ?? String(path)}`);
  // A bare EISDIR or ENOENT would not say which file: the message names it, its cause is the file system's error.
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new DatasetError(`${path}: cannot read it (${error.message})`, { cause: error });
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 quotes the file's start (`Unexpected token 'r', "root:x:0:0"... is not valid JSON`): a secret file given by
    // mistake would be echoed into logs. The reason is kept, the quote dropped.
    const reason = (error as Error).message.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '');
    throw new DatasetError(`${path}: not JSON (${reason})`);
  }
  return checkDataset(data, path);
}

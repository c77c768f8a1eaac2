import { readFile } from 'node:fs/promises';
import { checkDataset, DatasetError, type DatasetFile } from './exchange/dataset-file';

/** Reads and checks a dataset file; errors name the file (and the record and field when the schema fails). */
export async function loadDatasetFile(path: string): Promise<DatasetFile> {
  const text = await readFile(path, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(`${path}: not JSON (${(error as Error).message})`);
  }
  return checkDataset(data, path);
}

// The JSON body of `push --file` and `validate`: a file, or stdin for "-". A file that cannot
// be read or is not JSON is bad usage (exit 2, nothing sent); what the JSON says is the API's
// to judge, so it is sent as it is.
import { UsageError } from '../exit.js';
import { inputName, readInput, type Io } from '../io.js';

export async function readJsonBody(path: string, io: Io, command: string): Promise<unknown> {
  const text = await readInput(io, path, undefined, command);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${inputName(path)} is not JSON: ${error instanceof Error ? error.message : String(error)}`, command);
  }
}

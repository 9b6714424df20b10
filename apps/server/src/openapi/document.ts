// The bundled OpenAPI document (spec/dist), read once per process: the parsed document that
// the validator compiles schemas from, and the two files as served at /openapi.{json,yaml}.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SpecDocument {
  /** The parsed bundle: Ajv resolves the operations' schema pointers inside it. */
  readonly document: Record<string, unknown>;
  /** The bundle files, byte for byte. */
  readonly jsonText: string;
  readonly yamlText: string;
}

export function readSpecDocument(
  jsonPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json')),
  yamlPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.yaml')),
): SpecDocument {
  const jsonText = readFileSync(jsonPath, 'utf8');
  const yamlText = readFileSync(yamlPath, 'utf8');
  return { document: JSON.parse(jsonText) as Record<string, unknown>, jsonText, yamlText };
}

let shared: SpecDocument | undefined;

/** The process-wide document, read on first use. */
export function specDocument(): SpecDocument {
  return (shared ??= readSpecDocument());
}

// The bundled OpenAPI document (spec/dist), read once per process. Routes take their
// method and URL from here, by operationId, so the server cannot drift from the contract.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface Operation {
  operationId: string;
  /** Upper-case HTTP method, e.g. "DELETE". */
  method: string;
  /** The spec's path template, e.g. "/v4/push/withdraw/{msg_id}". */
  path: string;
  /** The same path in Fastify's syntax, e.g. "/v4/push/withdraw/:msg_id". */
  url: string;
  /** JSON pointer of the operation object inside the document. */
  pointer: string;
}

export interface LoadedSpec {
  document: OpenApiDocument;
  /** The bundle files, byte for byte, as served at /openapi.json and /openapi.yaml. */
  jsonText: string;
  yamlText: string;
  operations: ReadonlyMap<string, Operation>;
  /** Upper-case methods each path takes, by Fastify URL (for 405 answers and `Allow`). */
  methodsByUrl: ReadonlyMap<string, readonly string[]>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toFastifyUrl(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

export function readSpec(
  jsonPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json')),
  yamlPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.yaml')),
): LoadedSpec {
  const jsonText = readFileSync(jsonPath, 'utf8');
  const yamlText = readFileSync(yamlPath, 'utf8');
  const document = JSON.parse(jsonText) as OpenApiDocument;
  const operations = new Map<string, Operation>();
  const methodsByUrl = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    const url = toFastifyUrl(path);
    const methods: string[] = [];
    for (const method of HTTP_METHODS) {
      const op = item[method] as { operationId?: string } | undefined;
      if (!op) continue;
      methods.push(method.toUpperCase());
      if (op.operationId) {
        operations.set(op.operationId, {
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          url,
          pointer: `#/paths/${escapePointer(path)}/${method}`,
        });
      }
    }
    methodsByUrl.set(url, methods);
  }
  return { document, jsonText, yamlText, operations, methodsByUrl };
}

/** Follows `$ref`s between OpenAPI objects (not schemas) inside the one bundled document. */
export function resolvePointer(document: OpenApiDocument, pointer: string): { value: unknown; pointer: string } {
  let current = pointer;
  for (let hops = 0; hops < 16; hops++) {
    if (!current.startsWith('#/')) throw new Error(`unsupported $ref ${current}`);
    let value: unknown = document;
    for (const raw of current.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      value = (value as Record<string, unknown> | undefined)?.[key];
      if (value === undefined) throw new Error(`the spec has nothing at ${current}`);
    }
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref !== 'string') return { value, pointer: current };
    current = ref;
  }
  throw new Error(`$ref chain too long at ${pointer}`);
}

// The bundled spec, read as data: the operations, their declared statuses and examples.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const specPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json'));
export const spec = JSON.parse(readFileSync(specPath, 'utf8'));

export interface DeclaredResponse {
  operationId: string;
  method: string;
  path: string;
  status: number;
  examples: Record<string, unknown>;
}

const resolve = (node: any): any => {
  if (!node?.$ref) return node;
  const pointer = node.$ref.replace(/^#\//, '').split('/').map((part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return resolve(pointer.reduce((value: any, key: string) => value[key], spec));
};

export const operations = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, operation]) => ({ path, method: method.toUpperCase(), operationId: operation.operationId as string, operation })),
);

/** Every (operation, status) the spec declares, with its named examples' values. */
export const declaredResponses: DeclaredResponse[] = operations.flatMap(({ path, method, operationId, operation }) =>
  Object.entries(operation.responses as Record<string, unknown>).map(([status, response]) => {
    const content = resolve(response).content?.['application/json'];
    const examples = Object.fromEntries(
      Object.entries((content?.examples ?? {}) as Record<string, any>).map(([name, example]) => [name, resolve(example).value]),
    );
    return { operationId, method, path, status: Number(status), examples };
  }),
);

export const declaredStatuses = (operationId: string) =>
  declaredResponses.filter((r) => r.operationId === operationId).map((r) => r.status);

/** The request body examples of an operation. */
export const requestExamples = (operationId: string): Record<string, any> => {
  const op = operations.find((o) => o.operationId === operationId)!;
  const body = resolve(op.operation.requestBody);
  return Object.fromEntries(Object.entries(body.content['application/json'].examples as Record<string, any>).map(([n, e]) => [n, resolve(e).value]));
};

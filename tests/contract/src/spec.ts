// The operations of the spec as the suite needs them: every declared (operation, status)
// with its named examples' values, from the generated OPERATIONS map.
import { OPERATIONS, type OperationId } from '@push-api/types';

export interface DeclaredResponse {
  operationId: OperationId;
  method: string;
  path: string;
  status: number;
  examples: Record<string, unknown>;
}

export const operationIds = Object.keys(OPERATIONS) as OperationId[];

/** Every (operation, status) the spec declares, with its named examples' values. */
export const declaredResponses: DeclaredResponse[] = operationIds.flatMap((operationId) => {
  const { method, path, responses } = OPERATIONS[operationId];
  return Object.entries(responses as Record<string, { examples: Record<string, { value: unknown }> }>).map(([status, response]) => ({
    operationId,
    method,
    path,
    status: Number(status),
    examples: Object.fromEntries(Object.entries(response.examples).map(([name, example]) => [name, example.value])),
  }));
});

export const declaredStatuses = (operationId: OperationId) =>
  declaredResponses.filter((r) => r.operationId === operationId).map((r) => r.status);

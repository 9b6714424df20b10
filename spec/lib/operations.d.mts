// Types of operations.mjs.
export declare const HTTP_METHODS: readonly string[];
export declare function pointerOf(...segments: Array<string | number>): string;
export declare function resolveRef(document: unknown, node: unknown, pointer: string): { value: unknown; pointer: string };

export interface ExampleData {
  summary: string;
  value: unknown;
}
export interface ParameterData {
  name: string;
  in: string;
  required: boolean;
  description: string;
  /** JSON pointer of the parameter's schema in the bundle. */
  schema: string;
  example: unknown;
}
export interface RequestBodyData {
  required: boolean;
  mediaType: string;
  schema: string;
  examples: Record<string, ExampleData>;
}
export interface ResponseData {
  description: string;
  mediaType: string | null;
  schema: string | null;
  headers: Record<string, { description: string; example: unknown }>;
  examples: Record<string, ExampleData>;
}
export interface OperationData {
  operationId: string;
  method: string;
  path: string;
  tags: string[];
  summary: string;
  extensions: Record<string, unknown>;
  parameters: ParameterData[];
  requestBody: RequestBodyData | null;
  responses: Record<string, ResponseData>;
}
export declare function readOperations(document: unknown): OperationData[];
export declare function readPathMethods(document: unknown): Record<string, string[]>;

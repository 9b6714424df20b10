// Errors as data: every failure the API answers is an ApiError carrying the HTTP status,
// the business code and the message, all taken from the spec's error catalogue
// (@push-api/types, generated from `x-error-codes`). plugins/errors.ts is the one place
// that turns them into responses.
import { ERROR_CODES, ErrorCodes, type ErrorCode } from '@push-api/types';

export type ErrorName = keyof typeof ErrorCodes;

interface CatalogueEntry {
  readonly code: number;
  readonly status: number;
  readonly message: string;
}

const catalogue = new Map<number, CatalogueEntry>(ERROR_CODES.map((entry) => [entry.code, entry]));

function entryOf(code: number): CatalogueEntry {
  const entry = catalogue.get(code);
  if (!entry) throw new Error(`error code ${code} is not in the spec's catalogue`);
  return entry;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly headers: Readonly<Record<string, string>> | undefined;
  #body: string | undefined;

  constructor(code: ErrorCode, message?: string, headers?: Record<string, string>) {
    const entry = entryOf(code);
    super(message ?? entry.message);
    this.name = 'ApiError';
    this.status = entry.status;
    this.code = code;
    this.headers = headers;
  }

  /** The error envelope, serialised once per instance (constant errors are reused). */
  get body(): string {
    return (this.#body ??= JSON.stringify({ error: { code: this.code, message: this.message } }));
  }
}

/** The catalogue's default message for a code, e.g. 21003 → "Parameter value is invalid". */
export function catalogueMessage(code: number): string {
  return entryOf(code).message;
}

/**
 * An error of the named code. With a detail, the message follows the vendor's format
 * "<default message>,<detail>" (no space after the comma), e.g.
 * `apiError('INVALID_PARAMETER', 'no such path')` → "Parameter value is invalid,no such path".
 */
export function apiError(name: ErrorName, detail?: string, headers?: Record<string, string>): ApiError {
  const code = ErrorCodes[name];
  const message = detail === undefined ? undefined : `${entryOf(code).message},${detail}`;
  return new ApiError(code, message, headers);
}

/** An error of the named code with an exact message (e.g. one of ERROR_MESSAGES). */
export function apiErrorWithMessage(name: ErrorName, message: string, headers?: Record<string, string>): ApiError {
  return new ApiError(ErrorCodes[name], message, headers);
}

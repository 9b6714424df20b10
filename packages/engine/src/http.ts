// What the engine is given and what it answers, whatever serves it: a request as an adapter
// presents it (the server's node:http one avoids building Web Request objects; fetch() in
// engine.ts is the Web one), and an answer as data, which the adapter writes.

/** Logs the engine writes when something goes wrong on the server's side (pino's and console-like loggers fit). */
export interface EngineLogger {
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

/** A request, as an adapter presents it to the engine. */
export interface EngineRequest {
  /** The request id (the `X-Request-Id` of the answer). */
  readonly id: string;
  readonly method: string;
  /** The request target as received: path and query (`/v4/push?x=1`). */
  readonly url: string;
  /** A header's value (lower-case name), or undefined. */
  header(name: string): string | undefined;
  /** Whether the request says it has a body (a Content-Length other than 0, or chunks). */
  readonly hasBody: boolean;
  /**
   * The body, at most `limitBytes`: rejects with `bodyErrors(limitBytes).tooLarge` past it
   * (before reading when a Content-Length says so) and `.malformed` when it is cut short.
   */
  readBody(limitBytes: number): Promise<Uint8Array>;
  /** The client's address (failed authentications are counted per address); '' when unknown. */
  readonly clientAddress: string;
  /** Where to log this request's faults (with its id); else the engine's logger. */
  readonly log?: EngineLogger | undefined;
  /** Set by the engine once the request is authenticated ('' before): for the adapter's logs. */
  appKey: string;
}

export type AnswerHeaders = Readonly<Record<string, string>>;

/** What the engine answers: JSON, or a body as it is. */
export type Answer =
  | { status: number; headers?: AnswerHeaders | undefined; json: unknown }
  | { status: number; headers?: AnswerHeaders | undefined; contentType?: string; body: string | Uint8Array };

export const JSON_TYPE = 'application/json; charset=utf-8';

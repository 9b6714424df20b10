// What the server knows of a request while it answers it: Node's request, its id, the
// route's parameters and what the pipeline's steps add (the AppKey, the body, a time offset).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Logger } from '../logger.js';

export class ApiRequest {
  readonly raw: IncomingMessage;
  /** The request id (`X-Request-Id` of the answer, `reqId` of its log lines). */
  readonly id: string;
  readonly method: string;
  /** The URL as received, query included. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The route's path parameters, decoded. */
  params: Record<string, string | undefined> = {};
  /** The parsed JSON body (undefined: none). */
  body: unknown = undefined;
  /** The JSON request body as received ('' when there was none). */
  rawBody = '';
  /** The authenticated AppKey ('' before authentication). */
  appKey = '';
  /** Milliseconds added to the clock's time to judge this request (0 unless honoured). */
  timeOffsetMs = 0;
  readonly #logger: Logger | undefined;
  #log: Logger | undefined;

  constructor(raw: IncomingMessage, id: string, logger: Logger | undefined) {
    this.raw = raw;
    this.id = id;
    this.method = raw.method ?? 'GET';
    this.url = raw.url ?? '/';
    this.headers = raw.headers;
    this.#logger = logger;
  }

  /** The client's address (the socket's: no proxy header is trusted). */
  get ip(): string {
    return this.raw.socket.remoteAddress ?? '';
  }

  /** The logger with this request's id (made when first used). */
  get log(): Logger | undefined {
    if (this.#log === undefined && this.#logger !== undefined) this.#log = this.#logger.child({ reqId: this.id });
    return this.#log;
  }
}

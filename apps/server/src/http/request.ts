// What the server knows of a request while it answers it: Node's request, presented to the
// engine as an EngineRequest (headers, the body read within a limit, the client's address)
// without building a Web Request, and what the server's own routes use (the raw request, the
// docs route's path).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { bodyErrors, type BodyErrors, type EngineRequest } from '@push-api/engine';
import type { Logger } from '../logger.js';
import { hasBody, readBody } from './body.js';

/** The body errors of each limit asked for (one in practice: the server's body limit). */
const errorsByLimit = new Map<number, BodyErrors>();

export class ApiRequest implements EngineRequest {
  readonly raw: IncomingMessage;
  /** The request id (`X-Request-Id` of the answer, `reqId` of its log lines). */
  readonly id: string;
  readonly method: string;
  /** The URL as received, query included. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** A server route's path parameters (the docs page's `*`). */
  params: Record<string, string> = {};
  /** Set by the engine once the request is authenticated ('' before). */
  appKey = '';
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

  header(name: string): string | undefined {
    const value = this.headers[name];
    // Node joins repeated headers into one string, but for set-cookie (an array).
    return typeof value === 'string' || value === undefined ? value : value.join(', ');
  }

  get hasBody(): boolean {
    return hasBody(this.raw);
  }

  readBody(limitBytes: number): Promise<Uint8Array> {
    let errors = errorsByLimit.get(limitBytes);
    if (errors === undefined) errorsByLimit.set(limitBytes, (errors = bodyErrors(limitBytes)));
    return readBody(this.raw, limitBytes, errors);
  }

  /** The client's address (the socket's: no proxy header is trusted). */
  get clientAddress(): string {
    return this.raw.socket.remoteAddress ?? '';
  }

  /** The logger with this request's id (made when first used). */
  get log(): Logger | undefined {
    if (this.#log === undefined && this.#logger !== undefined) this.#log = this.#logger.child({ reqId: this.id });
    return this.#log;
  }
}

// HTTP/1.1 over raw node:net sockets: requests are sent byte for byte as built (no client
// normalises a header, a method, a path or the framing), and answers are parsed here.
import { connect, type Socket } from 'node:net';

/** A request as bytes: every string is written as latin1, so any byte (NUL, 0xff…) can be sent. */
export interface RawRequest {
  method: string;
  /** The request target, e.g. "/v4/push" (latin1). */
  target: string;
  /** "HTTP/1.1" unless given. */
  version?: string;
  /** Written in this order, each "name: value" (latin1). */
  headers: readonly (readonly [string, string])[];
  body?: Buffer;
  /** How the body is framed: Content-Length (default when there is a body), chunked, or not at all. */
  framing?: 'length' | 'chunked' | 'none';
}

export function serializeRequest(request: RawRequest): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const framing = request.framing ?? (request.body === undefined ? 'none' : 'length');
  const lines = [`${request.method} ${request.target} ${request.version ?? 'HTTP/1.1'}`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (framing === 'length') lines.push(`Content-Length: ${body.length}`);
  if (framing === 'chunked') lines.push('Transfer-Encoding: chunked');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  if (framing === 'none') return head;
  if (framing === 'length') return Buffer.concat([head, body]);
  // Chunked: the body in chunks of at most 4 KiB, then the last chunk.
  const parts: Buffer[] = [head];
  for (let offset = 0; offset < body.length; offset += 4096) {
    const chunk = body.subarray(offset, offset + 4096);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`, 'latin1'), chunk, Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

export interface RawResponse {
  status: number;
  reason: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** Statuses of the 1xx answers that came first (100 Continue). */
  interim: number[];
}

export type Exchange =
  /** An answer; `closed`: the connection was closed after it (by either side's word). */
  | { kind: 'answered'; response: RawResponse; closed: boolean }
  /** The connection ended (closed, reset) before a whole answer came. */
  | { kind: 'closed'; received: Buffer; error: string | undefined }
  /** Nothing (or not everything) came in time. */
  | { kind: 'timeout'; received: Buffer };

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

/** The first complete final answer at the start of `buffer`, and the bytes it used. */
export function parseResponse(
  buffer: Buffer,
  { head, ended }: { head: boolean; ended: boolean },
): { response: RawResponse; used: number } | null {
  let offset = 0;
  const interim: number[] = [];
  for (;;) {
    const end = buffer.indexOf(HEAD_END, offset);
    if (end < 0) return null;
    const lines = buffer.subarray(offset, end).toString('latin1').split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (statusLine === null) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(lines[0])}`);
    const status = Number(statusLine[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`malformed response header line: ${JSON.stringify(line)}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    let position = end + HEAD_END.length;
    if (status >= 100 && status < 200 && status !== 101) {
      interim.push(status);
      offset = position;
      continue;
    }
    const reason = statusLine[2] ?? '';
    if (head || status === 204 || status === 304) {
      return { response: { status, reason, headers, body: Buffer.alloc(0), interim }, used: position };
    }
    if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      const chunks: Buffer[] = [];
      for (;;) {
        const lineEnd = buffer.indexOf(CRLF, position);
        if (lineEnd < 0) return null;
        const size = parseInt(buffer.subarray(position, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
        if (!Number.isInteger(size) || size < 0) throw new Error('malformed chunk size in a response');
        position = lineEnd + CRLF.length;
        if (size === 0) {
          // Trailers (none expected), then the empty line.
          const trailerEnd = buffer.indexOf(CRLF, position);
          if (trailerEnd < 0) return null;
          return { response: { status, reason, headers, body: Buffer.concat(chunks), interim }, used: trailerEnd + CRLF.length };
        }
        if (buffer.length < position + size + CRLF.length) return null;
        chunks.push(buffer.subarray(position, position + size));
        position += size + CRLF.length;
      }
    }
    const length = headers['content-length'];
    if (length !== undefined) {
      const n = Number(length);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`malformed Content-Length in a response: ${length}`);
      if (buffer.length < position + n) return null;
      return {
        response: { status, reason, headers, body: Buffer.from(buffer.subarray(position, position + n)), interim },
        used: position + n,
      };
    }
    // Delimited by the end of the connection.
    if (!ended) return null;
    return { response: { status, reason, headers, body: Buffer.from(buffer.subarray(position)), interim }, used: buffer.length };
  }
}

/** One TCP connection; `exchange` sends a request and waits for its answer. */
export class RawConnection {
  readonly socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  #error: string | undefined;
  #wake: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#error ??= error.code ?? error.message;
      this.#ended = true;
      this.#wake?.();
    });
  }

  static open(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connecting to ${host}:${port} took over ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RawConnection(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** The connection ended (or failed): it cannot carry another request. */
  get ended(): boolean {
    return this.#ended || this.socket.destroyed;
  }

  /** Bytes the server sent that no request asked for (should stay empty). */
  get unexpected(): Buffer {
    return this.#buffer;
  }

  /** Waits until the connection ends (the server closed it), or `timeoutMs`: true if it ended. */
  async waitForEnd(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.#nextEvent(left);
    }
    return true;
  }

  /** Sends bytes without waiting for anything. */
  write(bytes: Buffer | string): void {
    if (!this.ended) this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Sends `request` (bytes or a RawRequest) and waits for its answer. */
  async exchange(
    request: Buffer | RawRequest,
    { head, timeoutMs = 10_000 }: { head?: boolean; timeoutMs?: number } = {},
  ): Promise<Exchange> {
    const bytes = Buffer.isBuffer(request) ? request : serializeRequest(request);
    const isHead = head ?? (!Buffer.isBuffer(request) && request.method === 'HEAD');
    this.write(bytes);
    return this.readAnswer({ head: isHead, timeoutMs });
  }

  /** Waits for the next answer on this connection. */
  async readAnswer({ head = false, timeoutMs = 10_000 }: { head?: boolean; timeoutMs?: number } = {}): Promise<Exchange> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseResponse(this.#buffer, { head, ended: this.#ended });
      if (parsed !== null) {
        this.#buffer = this.#buffer.subarray(parsed.used);
        const closing = /\bclose\b/i.test(parsed.response.headers.connection ?? '');
        if (closing) this.socket.destroy();
        return { kind: 'answered', response: parsed.response, closed: closing || this.#ended };
      }
      if (this.#ended) {
        const received = this.#buffer;
        this.#buffer = Buffer.alloc(0);
        return { kind: 'closed', received, error: this.#error };
      }
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'timeout', received: this.#buffer };
      await this.#nextEvent(left);
    }
  }

  /** Destroys the socket (a Closable, for closeAfterEach). */
  close(): Promise<void> {
    this.socket.destroy();
    return Promise.resolve();
  }

  #nextEvent(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#wake = done;
    });
  }
}

/** Requests one after another over a kept-alive connection, opening a new one when it ends. */
export class RawClient {
  readonly port: number;
  connectionsOpened = 0;
  #connection: RawConnection | undefined;

  constructor(port: number) {
    this.port = port;
  }

  async exchange(request: Buffer | RawRequest, options: { head?: boolean; timeoutMs?: number } = {}): Promise<Exchange> {
    if (this.#connection === undefined || this.#connection.ended) {
      this.#connection = await RawConnection.open(this.port);
      this.connectionsOpened++;
    }
    const connection = this.#connection;
    if (connection.unexpected.length > 0) {
      throw new Error(
        `the server sent bytes no request asked for: ${JSON.stringify(connection.unexpected.toString('latin1').slice(0, 200))}`,
      );
    }
    const result = await connection.exchange(request, options);
    if (result.kind !== 'answered' || result.closed) {
      connection.socket.destroy();
      this.#connection = undefined;
    }
    return result;
  }

  close(): void {
    this.#connection?.socket.destroy();
    this.#connection = undefined;
  }
}

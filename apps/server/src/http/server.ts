// The HTTP server of an application: Node's own (node:http), its limits set, every request
// handed to one function. It listens, closes, and answers injected requests (light-my-request,
// for the tests) without a socket. No framework: the server's whole request pipeline is
// app.ts, and a framework's start-up was a third of the time to the first answer.
import { createServer, IncomingMessage, ServerResponse, type RequestListener, type Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { InjectOptions, Response as InjectResponse } from 'light-my-request';

export interface HttpServerOptions {
  /** The whole request must arrive within this time (Node answers through `clientError`). */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** Idle keep-alive connections close after this time. */
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** What Node's parser refuses, or a request over its time: the socket, before any answer. */
  clientError: (error: Error & { code?: string }, socket: Socket) => void;
}

export type { InjectOptions, InjectResponse };

export interface HttpApp {
  readonly server: Server;
  /** Every request (and one with an `Expect` Node does not know) goes here. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Answers a request made up in memory (light-my-request, loaded on first use). */
  inject(options: InjectOptions | string): Promise<InjectResponse>;
  /**
   * Starts a graceful stop: no new connections, and every answer from now on (those of
   * requests already received included) says `Connection: close`. close() finishes it.
   */
  drain(): void;
  /** Listens; resolves with the URL. */
  listen(options: { host: string; port: number }): Promise<string>;
  /** Runs when the app closes (after the server stops listening). */
  onClose(hook: () => Promise<void>): void;
  /** Stops listening, closes idle connections, waits for the rest, then runs the close hooks. */
  close(): Promise<void>;
}

export function createHttpApp(handle: RequestListener, options: HttpServerOptions): HttpApp {
  let draining = false;
  // Every answer's head is written here, whoever writes it (the app, a file stream, the
  // `cors` package's preflight): the one place that knows whether the server is draining.
  class Response extends ServerResponse {
    override writeHead(...args: unknown[]): this {
      if (draining && !this.headersSent) this.setHeader('connection', 'close');
      return (super.writeHead as (...head: unknown[]) => this)(...args);
    }
  }
  const server = createServer<typeof IncomingMessage, typeof Response>({
    ServerResponse: Response,
    // A request without Host is answered in the envelope by the app, not by Node.
    requireHostHeader: false,
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    // How often Node looks for requests over their time (its default, 30 s, is coarser than the limits).
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(options.headersTimeoutMs / 10))),
  });
  server.maxConnections = options.maxConnections;
  server.on('request', handle);
  // An `Expect` other than 100-continue: Node would answer 417, which no operation declares.
  // The API needs no expectation met, so such a request is handled like any other.
  server.on('checkExpectation', handle);
  server.on('clientError', options.clientError);

  const closeHooks: (() => Promise<void>)[] = [];
  let closed: Promise<void> | undefined;
  return {
    server,
    handle,
    async inject(injected) {
      const { inject } = await import('light-my-request');
      return inject(handle, injected);
    },
    drain() {
      draining = true;
      // net.Server's close stops the listener only; http.Server's would also close idle
      // connections at once, resetting a request that is on its way on one of them.
      NetServer.prototype.close.call(server);
    },
    listen({ host, port }) {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once('error', onError);
        server.listen({ host, port }, () => {
          server.removeListener('error', onError);
          const address = server.address();
          const bound = typeof address === 'object' && address !== null ? address.port : port;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}`);
        });
      });
    },
    onClose(hook) {
      closeHooks.push(hook);
    },
    close() {
      closed ??= (async () => {
        if (server.listening) {
          const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          await stopped;
        }
        for (const hook of closeHooks) await hook();
      })();
      return closed;
    },
  };
}

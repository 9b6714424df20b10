// A TCP proxy of the tests' own, between a server and its database (PostgreSQL or Redis), that
// makes the faults of the network between them on demand: it cuts connections (now, at random,
// or right after a PostgreSQL COMMIT has gone on), stalls them (holds every byte, the
// connections stay open), slows them (every chunk late) and refuses new ones (nothing listens).
// Each connection's bytes keep their order whatever the fault; healing lets the held bytes go.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface FaultCounts {
  /** Connections accepted. */
  connections: number;
  /** Connections cut, whatever the reason. */
  cut: number;
  /** Of those, right after a COMMIT went on to PostgreSQL (its answer never comes back). */
  commitsCut: number;
  /** COMMITs seen going to PostgreSQL. */
  commits: number;
}

export interface FaultProxy {
  /** The proxy's own port on 127.0.0.1. */
  readonly port: number;
  /** `url` (postgres://…, redis://…) with its host and port changed to the proxy's. */
  via(url: string): string;
  readonly counts: Readonly<FaultCounts>;
  /** Cuts every open connection now. */
  cutAll(): void;
  /** Cuts a connection with this probability at each chunk it carries (0: never), by a seeded generator. */
  cutAtRandom(probability: number, seed?: number): void;
  /** Cuts the connection of every `every`-th COMMIT once the COMMIT has gone on (0: never). */
  cutCommits(every: number): void;
  /** Holds every byte, both ways, of open and new connections, until heal(). */
  stall(): void;
  /** Delays every chunk by `ms`. */
  slow(ms: number): void;
  /** Stops listening: new connections are refused until heal(). Open ones stay. */
  refuse(): Promise<void>;
  /** No more faults: held bytes go on, no delay, listening again. */
  heal(): Promise<void>;
  close(): Promise<void>;
}

/** A small seeded generator (mulberry32), so that a run's random cuts can be run again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Reads the frontend messages of one PostgreSQL connection (after its startup message) and
 * says whether a chunk executes COMMIT: a simple Query, or a Bind of a statement parsed as
 * `commit` (postgres.js prepares its statements, so later COMMITs are a Bind of a name only).
 */
export function commitWatcher(): (chunk: Buffer) => boolean {
  let buffer = Buffer.alloc(0);
  let started = false;
  const statements = new Map<string, string>();
  const isCommit = (text: string | undefined) => /^\s*commit\s*$/i.test(text ?? '');
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    let commits = false;
    for (;;) {
      if (!started) {
        if (buffer.length < 8) break;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) break;
        // An SSLRequest (80877103) comes before the startup message; postgres.js sends none unless asked.
        started = buffer.readInt32BE(4) !== 80_877_103;
        buffer = buffer.subarray(length);
        continue;
      }
      if (buffer.length < 5) break;
      const type = String.fromCharCode(buffer.readUInt8(0));
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) break;
      const strings = buffer
        .subarray(5, 1 + length)
        .toString('latin1')
        .split('\0');
      if (type === 'Q' && isCommit(strings[0])) commits = true;
      if (type === 'P') statements.set(strings[0] ?? '', strings[1] ?? '');
      if (type === 'B' && isCommit(statements.get(strings[1] ?? ''))) commits = true;
      buffer = buffer.subarray(1 + length);
    }
    return commits;
  };
}

interface Held {
  chunk: Buffer;
  at: number;
  /** Carries a COMMIT (client → database only). */
  commit: boolean;
}

/** A proxy on a free port of 127.0.0.1 to `target` (`host:port`, or a URL with both). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port: targetPort } = new URL(target.includes('://') ? target : `tcp://${target}`);
  const counts: FaultCounts = { connections: 0, cut: 0, commitsCut: 0, commits: 0 };
  const pairs = new Set<{ cut: () => void; pump: () => void }>();
  let stalled = false;
  let delayMs = 0;
  let cutProbability = 0;
  let random = seeded(1);
  let commitEvery = 0;

  const server: Server = createServer((client) => {
    counts.connections++;
    const upstream = connect(Number(targetPort), hostname);
    let done = false;
    let ending: Socket | undefined;
    /** `sent`: the side just written to, which is ended (what was written still arrives), not destroyed. */
    const cut = (sent?: Socket) => {
      if (done) return;
      done = true;
      counts.cut++;
      for (const socket of [client, upstream]) {
        if (socket !== sent) socket.destroy();
        else {
          ending = socket;
          socket.end();
          setTimeout(() => socket.destroy(), 1000).unref();
        }
      }
    };
    const watch = commitWatcher();
    // One lane a direction: bytes wait there while stalled or slowed, and leave in order.
    const lane = (to: Socket, fromClient: boolean) => {
      const queue: Held[] = [];
      let timer: NodeJS.Timeout | undefined;
      const pump = () => {
        if (timer !== undefined || done) return;
        for (let next = queue[0]; next !== undefined && !stalled; next = queue[0]) {
          const wait = next.at + delayMs - Date.now();
          if (wait > 0) {
            timer = setTimeout(() => {
              timer = undefined;
              pump();
            }, wait);
            return;
          }
          queue.shift();
          if (cutProbability > 0 && random() < cutProbability / 2) {
            cut(); // before it goes on
            return;
          }
          to.write(next.chunk);
          if (next.commit) counts.commits++;
          if (next.commit && commitEvery > 0 && counts.commits % commitEvery === 0) {
            // The COMMIT reaches the database; its answer never reaches the server.
            counts.commitsCut++;
            cut(to);
            return;
          }
          if (cutProbability > 0 && random() < cutProbability / 2) {
            cut(to); // after it went on
            return;
          }
        }
      };
      return {
        push(chunk: Buffer) {
          queue.push({ chunk, at: Date.now(), commit: fromClient && watch(chunk) });
          pump();
        },
        pump,
        stop: () => clearTimeout(timer),
      };
    };
    const toUpstream = lane(upstream, true);
    const toClient = lane(client, false);
    const pair = {
      cut: () => cut(),
      pump: () => {
        toUpstream.pump();
        toClient.pump();
      },
    };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => toUpstream.push(chunk));
    upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
    const close = () => {
      done = true;
      toUpstream.stop();
      toClient.stop();
      pairs.delete(pair);
      for (const socket of [client, upstream]) if (socket !== ending) socket.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as { port: number };
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

  return {
    port,
    via(url) {
      const changed = new URL(url);
      changed.hostname = '127.0.0.1';
      changed.port = String(port);
      return changed.toString();
    },
    counts,
    cutAll() {
      for (const pair of [...pairs]) pair.cut();
    },
    cutAtRandom(probability, seed = 1) {
      cutProbability = probability;
      random = seeded(seed);
    },
    cutCommits(every) {
      commitEvery = every;
    },
    stall() {
      stalled = true;
    },
    slow(ms) {
      delayMs = ms;
      for (const pair of pairs) pair.pump();
    },
    refuse: stopListening,
    async heal() {
      stalled = false;
      delayMs = 0;
      cutProbability = 0;
      commitEvery = 0;
      for (const pair of pairs) pair.pump();
      if (!server.listening) await listen(port);
    },
    async close() {
      for (const pair of [...pairs]) pair.cut();
      await stopListening();
    },
  };
}

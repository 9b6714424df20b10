// The floor of the design on SQLite: a bare node:http server doing what the reference server's
// push and recall commit, and nothing else — no authentication, no checks of the body or the
// id, no rate limit, no error handling, no logging. Started by bench/server.mjs (on core 0,
// like the ceiling) on the file the server's own store made and the server's recall runs use,
// so schema and indexes are the server's. Its statements are read from the store's source
// (apps/server/src/store/sqlite.ts), so they cannot drift from the server's; its pragmas and
// its group commit are copied from the same file (SqliteStore's constructor and GroupCommit:
// the writes of one event-loop turn in one BEGIN IMMEDIATE … COMMIT, each answered after
// its COMMIT), without the store's retry of a failed batch one write at a time.
//
//   POST /v4/push                 the body's text stored as the payload (its request_id read
//                                 with JSON.parse), as the server's INSERT … RETURNING msg_id
//   DELETE /v4/push/withdraw/:id  the server's recall UPDATE, for the app FLOOR_APP_KEY
//   GET /floor/counts             the recalls answered and the rows they changed (the bench
//                                 checks after each run that every recall changed its row)
//   anything else                 200 {} (readiness; wrk's requests once a recall run's ids ran out)
//
// Environment: PORT, FLOOR_DB (the SQLite file), FLOOR_SYNCHRONOUS (NORMAL or FULL: the
// server's DB_SYNCHRONOUS of the run it is compared with), FLOOR_APP_KEY, FLOOR_WINDOW_MS (the
// recall window; the server's is the spec's x-recall-window-seconds).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const STORE_SOURCE = join(import.meta.dirname, '..', '..', 'apps', 'server', 'src', 'store', 'sqlite.ts');

/**
 * The store's INSERT of a message and its recall UPDATE, as the server prepares them; throws
 * (so the bench fails) when the source no longer reads as expected.
 */
export function storeStatements(source = readFileSync(STORE_SOURCE, 'utf8')) {
  const insert = /this\.#insertMessage = withBigInts\(\s*'([^']+)'/.exec(source)?.[1];
  const withdraw = /this\.#withdraw = db\.prepare\(\s*`([^`]+)`/.exec(source)?.[1];
  if (!insert?.startsWith('INSERT INTO messages') || !withdraw?.startsWith('UPDATE messages'))
    throw new Error(`bench/lib/floor.mjs: the push INSERT and the recall UPDATE are no longer where it reads them in ${STORE_SOURCE}`);
  return { insert, withdraw };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { FLOOR_DB, FLOOR_SYNCHRONOUS = 'NORMAL', FLOOR_APP_KEY, FLOOR_WINDOW_MS, PORT } = process.env;
  const appKey = FLOOR_APP_KEY ?? '';
  const windowMs = Number(FLOOR_WINDOW_MS);
  const statements = storeStatements();
  const db = new DatabaseSync(FLOOR_DB);
  // The server's pragmas (SqliteStore's constructor; it sets no cache_size by default).
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${FLOOR_SYNCHRONOUS}`);
  db.exec('PRAGMA busy_timeout = 5000');
  const insert = db.prepare(statements.insert);
  insert.setReadBigInts(true);
  const withdraw = db.prepare(statements.withdraw);

  // Group commit, as the server's store does it.
  let queue = [];
  const flush = () => {
    const writes = queue;
    queue = [];
    db.exec('BEGIN IMMEDIATE');
    const results = writes.map(([run]) => run());
    db.exec('COMMIT');
    writes.forEach(([, answer], i) => answer(results[i]));
  };
  const write = (run, answer) => {
    if (queue.push([run, answer]) === 1) setImmediate(flush);
  };

  const json = (res, body) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const RECALL = '/v4/push/withdraw/';
  let recalls = 0;
  let changed = 0;
  http
    .createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/v4/push') {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          const requestId = JSON.parse(body).request_id ?? '';
          write(
            () => insert.get(appKey, null, requestId, body, Date.now()).msg_id,
            (msgId) => json(res, JSON.stringify({ request_id: requestId, msg_id: msgId.toString() })),
          );
        });
      } else if (req.method === 'DELETE' && req.url.startsWith(RECALL)) {
        const msgId = req.url.slice(RECALL.length);
        const now = Date.now();
        write(
          () => withdraw.run(now, BigInt(msgId), appKey, now - windowMs).changes,
          (changes) => {
            recalls += 1;
            changed += Number(changes);
            json(res, JSON.stringify({ request_id: '', msg_id: msgId }));
          },
        );
      } else if (req.url === '/floor/counts') {
        json(res, JSON.stringify({ recalls, changed }));
      } else {
        req.resume();
        json(res, '{}');
      }
    })
    .listen(Number(PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    db.close();
    process.exit(0);
  });
}

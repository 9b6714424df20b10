// pgbench on the server's own statements — a push's INSERT (no cid) and a recall's UPDATE,
// as apps/server/src/store/postgres.ts writes them — with as many clients as the server has
// connections (DB_POOL_SIZE): what PostgreSQL does with those statements and nothing else,
// the floor the server's push and recall on PostgreSQL are compared with. Each pgbench
// transaction is one statement, committed. The recall takes its id from a sequence over a
// range of stored messages of its own, inside the statement, so each one changes a row.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A SQL string literal. */
const literal = (text) => `'${text.replaceAll("'", "''")}'`;

/** The statements; the recall's ids come from the sequence `pgbench_recall_ids` (see recallIds). */
export const pgbenchScripts = ({ appKey, payload }) => ({
  push: `INSERT INTO messages (app_key, cid, request_id, payload, sent_at)
  VALUES (${literal(appKey)}, NULL, '', ${literal(payload)}, ${Date.now()}) RETURNING msg_id;
`,
  recall: `WITH next AS (SELECT nextval('pgbench_recall_ids') AS id), target AS (
  SELECT withdrawn_at, sent_at FROM messages WHERE msg_id = (SELECT id FROM next) AND app_key = ${literal(appKey)}
), changed AS (
  UPDATE messages SET withdrawn_at = ${Date.now()}
  WHERE msg_id = (SELECT id FROM next) AND app_key = ${literal(appKey)} AND withdrawn_at IS NULL AND sent_at > 0
  RETURNING msg_id
)
SELECT (SELECT count(*) FROM changed)::int AS changed, EXISTS (SELECT 1 FROM target) AS found,
  (SELECT withdrawn_at IS NOT NULL FROM target) AS withdrawn, (SELECT sent_at > 0 FROM target) AS in_window;
`,
});

/** Makes the recall's sequence start at `first` (the messages from there on are pgbench's to recall). */
export function recallIds({ bin, url, first }) {
  execFileSync(join(bin, 'psql'), ['-q', '-c', `CREATE SEQUENCE IF NOT EXISTS pgbench_recall_ids START ${first}`, url], { stdio: 'pipe' });
}

/** Runs `script` for `seconds` with `clients` connections; its transactions per second. */
export function pgbench({ bin, url, script, clients, seconds }) {
  const dir = mkdtempSync(join(tmpdir(), 'push-api-pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, script);
    const output = execFileSync(
      join(bin, 'pgbench'),
      ['-n', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), '-f', file, url],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tps = /tps = ([0-9.]+)/.exec(output);
    if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
    const failed = /number of failed transactions: (\d+)/.exec(output);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} transactions failed:\n${output}`);
    return Number(tps[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

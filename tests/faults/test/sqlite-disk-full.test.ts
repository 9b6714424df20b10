// SQLite on a full disk: the server's data folder on a small filesystem of the test's own (a
// tmpfs of a few MB), filled with zeros while pushes and recalls run. Every answer is 200 or
// 503 in the envelope, the server stays up, /healthz answers, service comes back by itself
// once the space is freed, and afterwards the file is sound and holds every acknowledged
// write exactly once (and nothing that was refused).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import {
  TEST_APP,
  Tally,
  basicAuthorization,
  pushApps,
  recordFigures,
  serverExecutable,
  startServer,
  type ServerProcess,
} from '@push-api/test-support';
import { ERROR_CODES, ErrorCodes } from '@push-api/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SERVER_MAIN = serverExecutable(import.meta.resolve('@push-api/server/package.json'));
const FIGURES = fileURLToPath(new URL('../test-output/figures.json', import.meta.url));
/** The filesystem's size: small enough to fill in a moment, big enough for the server to start. */
const SIZE_MB = 8;
const UNAVAILABLE = {
  error: {
    code: ErrorCodes.SERVICE_UNAVAILABLE,
    message: ERROR_CODES.find((entry) => entry.code === ErrorCodes.SERVICE_UNAVAILABLE)?.message,
  },
};
/** About 3 KB of alert per push, so that each stored message needs most of a page of its own. */
const PADDING = 'x'.repeat(3000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  /** The parsed JSON, or undefined when the body was not JSON. */
  body:
    | { msg_id?: unknown; request_id?: unknown; error?: { code?: unknown; message?: unknown }; status?: unknown; store?: unknown }
    | undefined;
}

/** One request; rejects on a connection error, or after 10 s without an answer (a hang). */
async function send(url: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: basicAuthorization(TEST_APP),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Answer['body'] };
  } catch {
    return { status: response.status, body: undefined };
  }
}

const pushBody = (marker: string) => ({ to: 'all', body: { platform: 'all', notification: { alert: `${marker} ${PADDING}` } } });
const markerOf = (payload: string) => {
  const alert = (JSON.parse(payload) as { body?: { notification?: { alert?: string } } }).body?.notification?.alert ?? '';
  return alert.split(' ')[0] ?? '';
};

/** What an answer counts as: `200`, `503 27004`, or what else it was (never expected). */
function kindOf(answer: Answer, operation: 'push' | 'recall'): string {
  if (answer.status === 200) {
    const ok = operation === 'push' ? typeof answer.body?.msg_id === 'string' : answer.body?.request_id === '';
    return ok ? '200' : '200 unexpected body';
  }
  if (answer.status === 503 && JSON.stringify(answer.body) === JSON.stringify(UNAVAILABLE)) return '503 27004';
  const code = answer.body?.error?.code;
  return `${answer.status} ${typeof code === 'number' ? code : 'no envelope'}`;
}

describe('SQLite on a full disk', () => {
  let mountPoint = '';
  let mounted = false;
  const servers: ServerProcess[] = [];

  beforeAll(() => {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `the fault suite mounts a ${SIZE_MB} MB tmpfs of its own to fill it, which needs root: ` +
          'run it as root, or in a user and mount namespace of its own (`unshare -rm pnpm test`)',
      );
    }
    mountPoint = mkdtempSync(join(tmpdir(), 'push-api-disk-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}M,mode=0700`, 'tmpfs', mountPoint]);
    mounted = true;
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    if (mounted) execFileSync('umount', [mountPoint]);
    if (mountPoint !== '') rmSync(mountPoint, { recursive: true, force: true });
  });

  it('answers 503 in the envelope while full, loses nothing acknowledged, leaves the file sound, and serves again once space is freed', async () => {
    const dataDir = join(mountPoint, 'data');
    const filler = join(mountPoint, 'filler');
    const env = { PUSH_APPS: pushApps(TEST_APP), LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0' };
    const server = await startServer({ main: SERVER_MAIN, dataDir, env });
    servers.push(server);
    const pushUrl = `${server.url}/v4/push`;
    const recallUrl = (msgId: string) => `${server.url}/v4/push/withdraw/${msgId}`;

    /** Acknowledged pushes: marker → msg_id. */
    const acknowledged = new Map<string, string>();
    /** Pushes answered 503: their markers. */
    const refusedPushes = new Set<string>();
    const acknowledgedRecalls = new Set<string>();
    const refusedRecalls = new Set<string>();
    /** Acknowledged, not recalled yet: what the workers recall. */
    const recallable: string[] = [];
    const answers = new Tally();
    const others: string[] = [];
    let connectionErrors = 0;
    let sequence = 0;

    const pushOnce = async (): Promise<Answer> => {
      const marker = `m${String(sequence++).padStart(6, '0')}`;
      const answer = await send(pushUrl, 'POST', pushBody(marker));
      const kind = kindOf(answer, 'push');
      answers.add(`push ${kind}`);
      if (kind === '200') {
        acknowledged.set(marker, answer.body?.msg_id as string);
        recallable.push(answer.body?.msg_id as string);
      } else if (kind === '503 27004') refusedPushes.add(marker);
      else others.push(`push ${kind}: ${JSON.stringify(answer.body)}`);
      return answer;
    };
    const recallOnce = async (msgId: string): Promise<void> => {
      const answer = await send(recallUrl(msgId), 'DELETE');
      const kind = kindOf(answer, 'recall');
      answers.add(`recall ${kind}`);
      if (kind === '200') acknowledgedRecalls.add(msgId);
      else if (kind === '503 27004') refusedRecalls.add(msgId);
      else others.push(`recall ${msgId} ${kind}: ${JSON.stringify(answer.body)}`);
    };

    // Some messages before the disk fills, so that there is something to recall at once.
    for (let i = 0; i < 40; i++) expect((await pushOnce()).status).toBe(200);

    // The load: pushes, and every third turn a recall of an earlier acknowledged message.
    let running = true;
    const worker = async () => {
      for (let turn = 0; running; turn++) {
        try {
          const msgId = turn % 3 === 2 ? recallable.shift() : undefined;
          await (msgId === undefined ? pushOnce() : recallOnce(msgId));
        } catch {
          connectionErrors++;
          await sleep(10);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, worker));

    // Zeros until ENOSPC (the database's own files are left alone): in big writes down to the
    // last MB, then in small ones, each after the load has had a few more answers, so that the
    // disk runs out under the server's writes at whatever point of a WAL frame or a checkpoint
    // they are; then smaller still, for the last pages.
    const file = await open(filler, 'w');
    const fillDeadline = Date.now() + 10_000;
    let filled = 0;
    const fill = async (chunk: Buffer, until: () => Promise<boolean>, between?: () => Promise<void>) => {
      while (!(await until())) {
        try {
          filled += (await file.write(chunk)).bytesWritten;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          return;
        }
        await between?.();
      }
    };
    const free = async () => {
      const { bavail, bsize } = await statfs(mountPoint);
      return bavail * bsize;
    };
    const never = () => Promise.resolve(false);
    const fewMoreAnswers = async () => {
      const mark = answers.total;
      while (answers.total < mark + 3 && Date.now() < fillDeadline && others.length === 0) await sleep(5);
    };
    await fill(Buffer.alloc(1 << 20), async () => (await free()) < 2 << 20);
    await fill(Buffer.alloc(16 << 10), never, fewMoreAnswers);
    await fill(Buffer.alloc(4096), never);
    await fill(Buffer.alloc(512), never);
    await file.close();
    const fullAt = answers.total;

    // Full: the load runs on until the store has refused a fair number of writes.
    const refusedWhileFull = () => (answers.counts['push 503 27004'] ?? 0) + (answers.counts['recall 503 27004'] ?? 0);
    const fullDeadline = Date.now() + 15_000;
    while (refusedWhileFull() < 200 && Date.now() < fullDeadline && others.length === 0) await sleep(20);
    const health = await send(`${server.url}/healthz`, 'GET');
    running = false;
    await load;
    const stillUp = server.child.exitCode === null && server.child.signalCode === null;
    const healthWhileFull = `${health.status} ${JSON.stringify(health.body)}`;

    // Freed: the next pushes are acknowledged again, without a restart.
    await rm(filler);
    const freedAt = Date.now();
    let back: number | undefined;
    while (back === undefined && Date.now() < freedAt + 15_000) {
      if ((await pushOnce()).status === 200) back = Date.now() - freedAt;
      else await sleep(50);
    }
    const recallAfter = recallable.shift();
    if (recallAfter !== undefined) await recallOnce(recallAfter);
    const healthAfter = await send(`${server.url}/healthz`, 'GET');

    // Stopped: the file is sound and holds what was acknowledged, once each.
    await server.close();
    const exitCode = await server.exited;
    /** What the server logged as an error (level 50 and above: a fault, a stack trace), not a warning. */
    const errorsLogged = server.lines.filter((line) => /"level":(5|6)\d\b/.test(line));
    const database = new DatabaseSync(join(dataDir, 'push-api.sqlite'), { readOnly: true });
    let integrity: string;
    let rows: { msg_id: number; payload: string; withdrawn_at: number | null }[];
    try {
      integrity = (database.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[])
        .map((row) => row.integrity_check)
        .join('; ');
      rows = database.prepare('SELECT msg_id, payload, withdrawn_at FROM messages').all() as typeof rows;
    } finally {
      database.close();
    }
    /** marker → the msg_ids stored with it. */
    const stored = new Map<string, string[]>();
    for (const row of rows) {
      const marker = markerOf(row.payload);
      stored.set(marker, [...(stored.get(marker) ?? []), String(row.msg_id)]);
    }
    const lost = [...acknowledged].filter(([marker, msgId]) => stored.get(marker)?.[0] !== msgId).length;
    const storedTwice = [...stored.values()].filter((copies) => copies.length > 1).length;
    const refusedButStored = [...refusedPushes].filter((marker) => stored.has(marker)).length;
    const withdrawnById = new Map(rows.map((row) => [String(row.msg_id), row.withdrawn_at !== null]));
    const recallsLost = [...acknowledgedRecalls].filter((msgId) => withdrawnById.get(msgId) !== true).length;
    const refusedRecallsDone = [...refusedRecalls].filter((msgId) => withdrawnById.get(msgId) === true).length;

    // Started again on the same folder: healthy.
    const again = await startServer({ main: SERVER_MAIN, dataDir, env });
    servers.push(again);
    const healthAgain = await send(`${again.url}/healthz`, 'GET');
    await again.close();

    const figures = {
      sizeMB: SIZE_MB,
      fillerBytes: filled,
      answersBeforeFull: fullAt,
      answers: answers.sorted(),
      acknowledged: acknowledged.size,
      acknowledgedLost: lost,
      storedTwice,
      answered503: refusedWhileFull(),
      refusedButStored,
      recallsAcknowledged: acknowledgedRecalls.size,
      recallsLost,
      refusedRecallsDone,
      otherAnswers: others.length,
      connectionErrors,
      errorsLogged: errorsLogged.length,
      exitCode,
      healthWhileFull,
      integrity,
      backAfterFreeingMs: back ?? null,
      healthAfterFreeing: healthAfter.status,
      healthAfterRestart: healthAgain.status,
    };
    recordFigures(FIGURES, 'sqlite disk full', figures);
    console.log('sqlite disk full:', figures);

    const log = server.output().slice(-4000);
    expect(others, log).toEqual([]);
    expect(connectionErrors).toBe(0);
    expect(stillUp, log).toBe(true);
    expect(errorsLogged.slice(0, 3)).toEqual([]);
    expect(refusedWhileFull()).toBeGreaterThan(0);
    expect([200, 503]).toContain(health.status);
    expect(health.body?.status).toBe(health.status === 200 ? 'ok' : 'unavailable');
    expect(back, log).toBeDefined();
    expect(recallAfter !== undefined && acknowledgedRecalls.has(recallAfter)).toBe(true);
    expect(healthAfter.status).toBe(200);
    expect(exitCode, log).toBe(0);
    expect(integrity).toBe('ok');
    expect(lost).toBe(0);
    expect(storedTwice).toBe(0);
    expect(refusedButStored).toBe(0);
    expect(recallsLost).toBe(0);
    expect(refusedRecallsDone).toBe(0);
    expect(healthAgain).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

// The Python code samples of the reference (spec/code-samples/*.py, standard library only)
// against the reference server itself, which keeps state: a push answers a real msg_id, the
// recall takes it once, and a second recall fails as the spec says. (apps/docs runs them
// against the stateless Prism mock; it cannot start the server, which depends on the docs.)
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_APP, useTestServer } from '@push-api/test-support';
import { ERROR_MESSAGES, type PushResponse } from '@push-api/types';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/targets.js';

const run = promisify(execFile);
const samplesDir = join(dirname(fileURLToPath(import.meta.resolve('@push-api/spec/package.json'))), 'code-samples');

const server = useTestServer(() => startServer({ RATE_LIMIT_PER_SECOND: '0' }), { scope: 'all' });

interface Outcome {
  /** The exit status: 0, or the sample's `sys.exit`. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `spec/code-samples/<operationId>.py` with python3 against the server, as a user would
 * (the target and credentials from the environment). Python is on every machine of this
 * project: a missing interpreter fails the test with how to get it, never a skip.
 */
async function python(operationId: string, extra: Record<string, string> = {}): Promise<Outcome> {
  const env = { ...process.env, BASE_URL: server().url, APP_KEY: TEST_APP.appKey, MASTER_SECRET: TEST_APP.masterSecret, ...extra };
  try {
    return { code: 0, ...(await run('python3', [join(samplesDir, `${operationId}.py`)], { env })) };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { code: unknown; stdout: string; stderr: string };
    if (failure.code === 'ENOENT') {
      throw new Error('python3 is not on PATH: the Python code samples are run with it (apt-get install python3)', { cause: error });
    }
    if (typeof failure.code !== 'number') throw error;
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('the Python samples against the reference server', () => {
  it('createPush pushes; withdrawMessage recalls that msg_id once, and a second recall exits 1: has been withdrawn', async () => {
    const pushed = await python('createPush');
    expect(pushed, pushed.stderr).toMatchObject({ code: 0, stderr: '' });
    const answer = JSON.parse(pushed.stdout) as PushResponse;
    expect(answer).toEqual({ request_id: 'req-0001', msg_id: expect.stringMatching(/^[0-9]{1,20}$/) as string });

    const recalled = await python('withdrawMessage', { MSG_ID: answer.msg_id });
    expect(recalled, recalled.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(recalled.stdout)).toEqual({ request_id: '', msg_id: answer.msg_id });

    const again = await python('withdrawMessage', { MSG_ID: answer.msg_id });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('has been withdrawn');
    expect(again.stderr.trim()).toBe(`recall failed: HTTP 400, code 21003: ${ERROR_MESSAGES.msgIdWithdrawn}`);
  });

  it('validatePush validates: 200 with a placeholder msg_id', async () => {
    const validated = await python('validatePush');
    expect(validated, validated.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(validated.stdout)).toEqual({ request_id: '', msg_id: expect.stringMatching(/^[0-9]+$/) as string });
  });

  it('a wrong secret: each sample prints the error envelope and exits 1', async () => {
    const wrong = { MASTER_SECRET: 'not-the-secret', MSG_ID: '1' };
    const outcomes = await Promise.all(['createPush', 'validatePush', 'withdrawMessage'].map((id) => python(id, wrong)));
    expect(outcomes.map(({ code, stderr }) => [code, stderr.trim()])).toEqual([
      [1, 'push failed: HTTP 401, code 21004: Verification failed'],
      [1, 'invalid push: code 21004: Verification failed'],
      [1, 'recall failed: HTTP 401, code 21004: Verification failed'],
    ]);
  });
});

// The code samples of the reference (spec/code-samples) and the TypeScript snippets of the
// guides cannot rot: they are typechecked, and every sample runs against the Prism mock of
// the bundled spec (which rejects a request that breaks the contract).
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPushClient, PushApiError } from '@push-api/client';
import { describe, expect, test } from 'vitest';
import { GUIDES } from '../scripts/lib/site.mjs';
import { startPrismMock } from '@push-api/mock-server';
import { freePort, useTestServer } from '@push-api/test-support';
import { OPERATIONS, type PushResponse } from '@push-api/types';
import { operations, spec, TEST_CREDENTIALS } from './helpers.js';
import { appDir, guidesDir, outputDir, samplesBuildDir, samplesDir } from './paths.js';

const run = promisify(execFile);
const tsc = createRequire(join(appDir, 'package.json')).resolve('typescript/bin/tsc');

/** Runs tsc; resolves to its output, fails the test with it when there are errors. */
async function typecheck(project: string): Promise<void> {
  try {
    await run(process.execPath, [tsc, '-p', project], { cwd: appDir });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`tsc -p ${project} failed:\n${stdout}${stderr}`, { cause: error });
  }
}

/**
 * Runs a Python sample with `python3`. Python is on every machine of this project, so a missing
 * interpreter fails the test with how to get it (never a skip).
 */
async function runPython(file: string, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run('python3', [file], { env });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('python3 is not on PATH: the Python code samples are run with it (apt-get install python3)', { cause: error });
    }
    throw error;
  }
}

/** The first example of an operation's 200 answer. */
const successExample = (operationId: keyof typeof OPERATIONS): unknown => {
  const examples: Readonly<Record<string, { readonly value: unknown }>> = OPERATIONS[operationId].responses[200].examples;
  return Object.values(examples)[0]!.value;
};

test('every operation has a curl, a TypeScript and a Python sample, and the bundle carries them as x-codeSamples', () => {
  const files = readdirSync(samplesDir);
  const source = (file: string) => readFileSync(join(samplesDir, file), 'utf8').trimEnd() + '\n';
  for (const { operationId, method, path } of operations) {
    expect(files).toContain(`${operationId}.sh`);
    expect(files).toContain(`${operationId}.ts`);
    expect(files).toContain(`${operationId}.py`);
    const samples = spec.paths[path]?.[method.toLowerCase()]?.['x-codeSamples'];
    expect(samples).toEqual([
      { lang: 'Shell', label: 'curl', source: source(`${operationId}.sh`) },
      { lang: 'TypeScript', label: 'TypeScript', source: source(`${operationId}.ts`) },
      { lang: 'Python', label: 'Python', source: source(`${operationId}.py`) },
    ]);
  }
  // No stray sample for an operation that does not exist.
  const ids = new Set(operations.map((operation) => operation.operationId));
  for (const file of files.filter((name) => /\.(sh|ts|py)$/.test(name))) expect(ids).toContain(file.replace(/\.(sh|ts|py)$/, ''));
});

test('the Python samples use the standard library only', () => {
  // The vendor's Python SDK is not installable offline: the samples must run on a bare python3.
  for (const { operationId } of operations) {
    const imports = [...readFileSync(join(samplesDir, `${operationId}.py`), 'utf8').matchAll(/^(?:import|from) ([\w.]+)/gm)].map(
      ([, module]) => module,
    );
    expect(imports.length).toBeGreaterThan(0);
    for (const module of imports) expect(['base64', 'json', 'os', 'sys', 'urllib.error', 'urllib.request']).toContain(module);
  }
});

test('the TypeScript snippets of the guides typecheck against the client', async () => {
  // A snippet that imports is a complete module; one that does not gets the client, the error
  // classes and a `client` and `msgId` declared, as the prose around it assumes.
  const prelude = [
    "import { createPushClient, isPushApiError, PushApiError, PushError, PushNetworkError, PushTimeoutError, ErrorCodes, REGIONS, type PushClient, type PushRequest } from '@push-api/client';",
    'declare const client: PushClient;',
    'declare const msgId: string;',
  ].join('\n');
  const dir = join(outputDir, 'guide-snippets');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let count = 0;
  for (const guide of GUIDES) {
    const markdown = readFileSync(join(guidesDir, `${guide.slug}.md`), 'utf8');
    for (const [, code] of markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
      const body = /^import\b/m.test(code!) ? code! : `${prelude}\n${code}`;
      writeFileSync(join(dir, `${guide.slug}-${++count}.ts`), `${body}\nexport {};\n`);
    }
  }
  expect(count).toBeGreaterThanOrEqual(8);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'], compilerOptions: { noEmit: true } }),
  );
  await typecheck(join(dir, 'tsconfig.json'));
});

describe('run against the Prism mock', () => {
  // Compile the samples (as `pnpm samples` does) while Prism starts.
  const prism = useTestServer(
    async () => (await Promise.all([startPrismMock({ port: await freePort() }), typecheck('tsconfig.samples.json')]))[0],
    { scope: 'all' },
  );
  const env = () => ({ ...process.env, BASE_URL: prism().url, ...TEST_CREDENTIALS });

  const node = async (operationId: string, extra: NodeJS.ProcessEnv = {}) =>
    (await run(process.execPath, [join(samplesBuildDir, `${operationId}.js`)], { env: { ...env(), ...extra } })).stdout;
  const bash = async (operationId: string, extra: NodeJS.ProcessEnv = {}) =>
    (await run('bash', ['-eu', join(samplesDir, `${operationId}.sh`)], { env: { ...env(), ...extra } })).stdout;
  const python = async (operationId: string, extra: NodeJS.ProcessEnv = {}) =>
    (await runPython(join(samplesDir, `${operationId}.py`), { ...env(), ...extra })).stdout;

  test('createPush: every sample pushes and prints the answer', async () => {
    const expected = successExample('createPush');
    expect(JSON.parse(await node('createPush'))).toEqual(expected);
    expect(JSON.parse(await bash('createPush'))).toEqual(expected);
    expect(JSON.parse(await python('createPush'))).toEqual(expected);
  });

  test('validatePush: every sample validates and prints the answer', async () => {
    const expected = successExample('validatePush');
    expect(JSON.parse(await node('validatePush'))).toEqual(expected);
    expect(JSON.parse(await bash('validatePush'))).toEqual(expected);
    expect(JSON.parse(await python('validatePush'))).toEqual(expected);
  });

  test('withdrawMessage: every sample recalls and prints the answer', async () => {
    const expected = successExample('withdrawMessage');
    expect(JSON.parse(await node('withdrawMessage'))).toEqual(expected);
    const { msg_id } = JSON.parse(await bash('createPush')) as PushResponse;
    expect(JSON.parse(await bash('withdrawMessage', { MSG_ID: msg_id }))).toEqual(expected);
    const { msg_id: pythonMsgId } = JSON.parse(await python('createPush')) as PushResponse;
    expect(JSON.parse(await python('withdrawMessage', { MSG_ID: pythonMsgId }))).toEqual(expected);
  });

  test('a sample reports a failure with a non-zero exit code', async () => {
    // The mock checks the format of credentials only, so a stand-in answers as the API does to
    // wrong ones: the sample prints the error and exits 1.
    const server = createServer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Basic realm="push-api"' });
      response.end('{"error":{"code":21004,"message":"Verification failed"}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const standIn = { BASE_URL: `http://127.0.0.1:${port}`, MSG_ID: '1828256757' };
      const failure = (sample: Promise<string>) =>
        sample.then(
          () => undefined,
          (error: unknown) => error as { code: number; stderr: string },
        );
      const cases = [
        [failure(node('createPush', standIn)), 'push failed: HTTP 401, code 21004: Verification failed'],
        [failure(python('createPush', standIn)), 'push failed: HTTP 401, code 21004: Verification failed'],
        [failure(python('validatePush', standIn)), 'invalid push: code 21004: Verification failed'],
        [failure(python('withdrawMessage', standIn)), 'recall failed: HTTP 401, code 21004: Verification failed'],
      ] as const;
      for (const [sample, message] of cases) {
        const result = await sample;
        expect(result?.code, message).toBe(1);
        expect(result?.stderr, message).toContain(message);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('the mock guide: a Prefer header through the fetch option selects a declared example', async () => {
    const client = createPushClient({
      appKey: TEST_CREDENTIALS.APP_KEY,
      masterSecret: TEST_CREDENTIALS.MASTER_SECRET,
      baseUrl: prism().url,
      fetch: (request) => {
        request.headers.set('Prefer', 'code=400, example=msgIdWithdrawn');
        return fetch(request);
      },
    });
    const error = await client.withdraw('1828256757').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushApiError);
    expect((error as PushApiError).isAlreadyWithdrawn).toBe(true);
    expect((error as PushApiError).code).toBe(21003);
  });
});

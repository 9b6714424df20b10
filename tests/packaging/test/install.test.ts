// The published packages as a new user gets them, outside this monorepo: each packed by pnpm
// and by npm, installed with npm into a fresh project, checked with publint and attw, then a
// program that pushes and recalls is type-checked under every `moduleResolution` people use —
// node10 (CommonJS TypeScript, NestJS-style), node16 from ESM and from `.cts`, nodenext, and
// bundler — and run, with the CLI, under every Node.js line the packages support (their
// oldest, 20, to 26), against the reference server.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP, pushApps } from '@push-api/test-support/credentials';
import { recordFigures } from '@push-api/test-support/figures';
import { serverExecutable, startServer, type ServerProcess } from '@push-api/test-support/processes';
import { nodeLines } from '@push-api/test-support/runtimes';
import { tempDir } from '@push-api/test-support';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const packageDir = (name: string) => dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const serverMain = serverExecutable(import.meta.resolve('@push-api/server/package.json'));
const FIGURES = fileURLToPath(new URL('../test-output/figures.json', import.meta.url));
/** The Node.js lines to run on (fails at once, saying to run the set-up, when one is not installed). */
const NODE_LINES = nodeLines();
/** What passed under each Node.js line, for CI to print. */
const passedUnder = new Map<string, number>(NODE_LINES.map((line) => [line.name, 0]));

type Packer = 'npm' | 'pnpm';

/** Packs a workspace package with `pnpm pack` or `npm pack`; returns the tarball's path. */
function pack(name: string, packer: Packer, into: string): string {
  const destination = join(into, packer);
  mkdirSync(destination, { recursive: true });
  execFileSync(packer, ['pack', '--pack-destination', destination], { cwd: packageDir(name), stdio: 'pipe' });
  const prefix = name.replace('@', '').replace('/', '-');
  const tarball = readdirSync(destination).find((file) => file.startsWith(`${prefix}-`) && file.endsWith('.tgz'));
  if (!tarball) throw new Error(`${packer} pack of ${name} left no tarball in ${destination}`);
  return join(destination, tarball);
}

interface Mode {
  /** The resolution under test, as people name it. */
  name: string;
  /** The program's file name, whose extension picks ESM or CommonJS under node16/nodenext. */
  file: string;
  compilerOptions: Record<string, unknown>;
  /** The emitted program is ESM in a folder without "type": "module" (needs one). */
  esmJs?: boolean;
}

const MODES: Mode[] = [
  { name: 'node10', file: 'index.ts', compilerOptions: { module: 'commonjs', moduleResolution: 'node10' } },
  { name: 'node16-esm', file: 'index.mts', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'node16-cjs', file: 'index.cts', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'nodenext', file: 'index.mts', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'bundler', file: 'index.ts', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, esmJs: true },
];

/**
 * The first program a user writes: push, recall, recall again and branch on the refusal.
 * It uses no top-level await (CommonJS outputs) and declares `process` itself, so the
 * project needs no @types/node; `@ts-expect-error` proves the types are real, not `any`.
 */
function program(mode: Mode, withTypesPackage: boolean): string {
  return `import { createPushClient, PushApiError, type PushRequest } from '@push-api/client';
${withTypesPackage ? `import { LIMITS, ErrorCodes } from '@push-api/types';` : `const LIMITS = { recallWindowSeconds: 0 }; const ErrorCodes = { INVALID_PARAMETER: 21003 };`}

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

async function main(): Promise<void> {
  const client = createPushClient({
    appKey: process.env.APP_KEY ?? '',
    masterSecret: process.env.MASTER_SECRET ?? '',
    baseUrl: process.env.BASE_URL ?? '',
  });
  const body: PushRequest = { from: 'push', to: 'all', body: { platform: 'all', notification: { alert: 'from ${mode.name}' } } };
  const pushed = await client.push(body);
  const msgId: string = pushed.msg_id;
  // @ts-expect-error a message id is a string, never a number
  void client.withdraw(Number(msgId)).catch(() => undefined);
  const recalled = await client.withdraw(msgId);
  let refusal = '';
  try {
    await client.withdraw(msgId);
  } catch (error) {
    if (!(error instanceof PushApiError) || !error.isAlreadyWithdrawn || error.code !== ErrorCodes.INVALID_PARAMETER) throw error;
    refusal = error.reason;
  }
  console.log(JSON.stringify({ mode: '${mode.name}', pushed: msgId, recalled: recalled.msg_id, refusal, window: LIMITS.recallWindowSeconds }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

/** A fresh npm project with the tarballs installed by npm, as a user would. */
function npmProject(dir: string, tarballs: string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'first-try', version: '1.0.0', private: true }));
  // Offline, with a cache of its own: the tarballs are the whole install (no dependencies).
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', join(dir, '.npm-cache'), ...tarballs],
    {
      cwd: dir,
      stdio: 'pipe',
    },
  );
}

/** Writes a mode's program and its tsconfig (strict, the shipped declarations checked too). */
function writeMode(project: string, mode: Mode, withTypesPackage: boolean): void {
  const source = join(project, 'src', mode.name);
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, mode.file), program(mode, withTypesPackage));
  const compilerOptions = {
    ...mode.compilerOptions,
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    strict: true,
    skipLibCheck: false,
    // The shipped declarations are checked; TypeScript's own lib files need not be.
    skipDefaultLibCheck: true,
    rootDir: `src/${mode.name}`,
    outDir: `out/${mode.name}`,
    tsBuildInfoFile: `out/${mode.name}.tsbuildinfo`,
  };
  writeFileSync(join(project, `tsconfig.${mode.name}.json`), JSON.stringify({ compilerOptions, include: [`src/${mode.name}`] }));
  if (mode.esmJs) {
    mkdirSync(join(project, 'out', mode.name), { recursive: true });
    writeFileSync(join(project, 'out', mode.name, 'package.json'), JSON.stringify({ type: 'module' }));
  }
}

let work: string;
let server: ServerProcess | undefined;
/** The reference server's URL (started before every test). */
const serverUrl = () => {
  if (!server) throw new Error('the server did not start');
  return server.url;
};
const tarballs = {} as Record<Packer, { client: string; types: string; cli: string; engine: string; mock?: string }>;

beforeAll(async () => {
  work = tempDir('push-api-packaging-');
  for (const packer of ['pnpm', 'npm'] as const) {
    tarballs[packer] = {
      client: pack('@push-api/client', packer, work),
      types: pack('@push-api/types', packer, work),
      cli: pack('@push-api/cli', packer, work),
      engine: pack('@push-api/engine', packer, work),
      // Its dependency on the engine is `workspace:*` in the repository, which pnpm pack (what
      // `pnpm release` runs) turns into the engine's version and npm pack does not.
      ...(packer === 'pnpm' ? { mock: pack('@push-api/mock', packer, work) } : {}),
    };
  }
  server = await startServer({ main: serverMain, env: { PUSH_APPS: pushApps(TEST_APP), LOG_LEVEL: 'warn' } });
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
  recordFigures(FIGURES, 'nodeLines', Object.fromEntries([...passedUnder].map(([line, n]) => [line, `${n} push + recall runs passed`])));
});

describe.each(['pnpm', 'npm'] as const)('packed with %s pack', (packer) => {
  it('passes publint and attw (types under node10, node16 ESM and CJS, bundler)', () => {
    const output = execFileSync(process.execPath, [join(root, 'scripts', 'check-package.mjs'), ...Object.values(tarballs[packer])], {
      encoding: 'utf8',
    });
    expect(output).toContain(`${Object.keys(tarballs[packer]).length} package(s): no problems`);
  });

  it.each(packer === 'pnpm' ? (['client', 'types', 'cli', 'engine', 'mock'] as const) : (['client', 'types', 'cli', 'engine'] as const))(
    'the %s needs no package but ours and says its license and Node versions',
    (name) => {
      const tarball = tarballs[packer][name] as string;
      const manifest = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
        dependencies?: Record<string, string>;
        license?: string;
        engines?: Record<string, string>;
      };
      // The mock runs on the engine; nothing else depends on anything (msw is the mock's optional peer).
      expect(manifest.dependencies ?? {}).toEqual(
        name === 'mock' ? { '@push-api/engine': expect.stringMatching(/^\d+\.\d+\.\d+$/) as string } : {},
      );
      expect(manifest.license).toBe('MIT');
      // The oldest line of NODE_LINES, which every run below includes.
      expect(manifest.engines?.node).toBe('>=20');
    },
  );

  describe('the CLI, installed with npm', () => {
    let bin: string;
    beforeAll(() => {
      const project = join(work, `${packer}-cli`);
      npmProject(project, [tarballs[packer].cli]);
      bin = join(project, 'node_modules', '.bin', 'push-api');
    });
    /** The installed command, run by `node` of one line (its `#!/usr/bin/env node` would take PATH's). */
    const run = (node: string, args: string[]) => {
      const env = {
        PATH: process.env.PATH,
        PUSH_APP_KEY: TEST_APP.appKey,
        PUSH_MASTER_SECRET: TEST_APP.masterSecret,
        PUSH_BASE_URL: serverUrl(),
      };
      const result = spawnSync(node, [bin, ...args], { encoding: 'utf8', env });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    it.each(NODE_LINES.map((line) => [line.name, line.executable] as const))(
      'pushes, recalls, and refuses a second recall with exit status 1, under %s',
      (line, node) => {
        const pushed = run(node, ['push', '--alert', 'wrong push', '--json']);
        expect(pushed.status, pushed.stderr).toBe(0);
        const { msg_id: msgId } = JSON.parse(pushed.stdout) as { msg_id: string };
        const first = run(node, ['withdraw', msgId]);
        expect(first.status, first.stderr).toBe(0);
        expect(first.stdout).toContain(`recalled ${msgId}`);
        const second = run(node, ['withdraw', msgId]);
        expect(second.status).toBe(1);
        expect(second.stdout + second.stderr).toContain('has been withdrawn');
        passedUnder.set(line, (passedUnder.get(line) ?? 0) + 1);
      },
    );

    it('prints its version and help', () => {
      expect(run(process.execPath, ['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(run(process.execPath, ['withdraw', '--help']).stdout).toContain('push-api withdraw');
    });
  });

  // The client alone (what `npm i @push-api/client` gives) and the client with the types.
  describe.each([
    ['the client alone', false],
    ['the client and the types', true],
  ] as const)('%s, installed with npm', (_, withTypesPackage) => {
    let project: string;
    let compiled: string;
    beforeAll(() => {
      project = join(work, `${packer}-${withTypesPackage ? 'both' : 'client'}`);
      const { client, types } = tarballs[packer];
      npmProject(project, withTypesPackage ? [client, types] : [client]);
      // One tsc process builds every mode's project (each with its own tsconfig): a fifth of
      // the time of one process per mode, most of which is reading the standard library.
      for (const mode of MODES) writeMode(project, mode, withTypesPackage);
      try {
        compiled = execFileSync(process.execPath, [tsc, '-b', ...MODES.map((mode) => `tsconfig.${mode.name}.json`)], {
          cwd: project,
          encoding: 'utf8',
        });
      } catch (error) {
        compiled = (error as { stdout?: string }).stdout ?? String(error);
      }
    });

    const cases = MODES.flatMap((mode) => NODE_LINES.map((line) => [mode.name, line.name, mode, line.executable] as const));
    it.each(cases)('type-checks under %s and runs push + recall under %s', (_name, line, mode, node) => {
      const errors = compiled.split('\n').filter((entry) => entry.startsWith(`src/${mode.name}/`));
      expect(errors, `tsc under ${mode.name}:\n${compiled}`).toEqual([]);
      const emitted = join(
        project,
        'out',
        mode.name,
        mode.file
          .replace(/\.ts$/, '.js')
          .replace(/\.mts$/, '.mjs')
          .replace(/\.cts$/, '.cjs'),
      );
      expect(existsSync(emitted), `tsc emitted nothing under ${mode.name}:\n${compiled}`).toBe(true);
      const printed = execFileSync(node, [emitted], {
        cwd: project,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, APP_KEY: TEST_APP.appKey, MASTER_SECRET: TEST_APP.masterSecret, BASE_URL: serverUrl() },
      });
      const result = JSON.parse(printed) as { mode: string; pushed: string; recalled: string; refusal: string; window: number };
      expect(result.mode).toBe(mode.name);
      expect(result.pushed).toMatch(/^[1-9][0-9]*$/);
      expect(result.recalled).toBe(result.pushed);
      expect(result.refusal).toBe('msg-id-withdrawn');
      expect(result.window).toBe(withTypesPackage ? 86_400 : 0);
      passedUnder.set(line, (passedUnder.get(line) ?? 0) + 1);
    });
  });
});

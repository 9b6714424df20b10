// Each README's first example runs, as written, in a fresh project: what a new user copies
// from the page is read from the README here (never copied by hand into this file), with only
// its placeholders filled in (the credentials, the server's address), and run as the README
// says, on this project's Node.js, with the package installed by npm from its packed tarball,
// outside this monorepo, against the reference server.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP, pushApps } from '@push-api/test-support/credentials';
import { serverExecutable, startServer, type ServerProcess } from '@push-api/test-support/processes';
import { tempDir } from '@push-api/test-support';

const packageDir = (name: string) => dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)));
const serverMain = serverExecutable(import.meta.resolve('@push-api/server/package.json'));
/** This project's Node.js first on PATH: `node`, npm and `#!/usr/bin/env node` all run on it. */
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
/** The address the READMEs' examples name: the reference server of `pnpm start`. */
const README_URL = /http:\/\/127\.0\.0\.1:8080/;

/** The fenced blocks of one language in a package's README, in their order. */
function readmeBlocks(name: string, lang: string): string[] {
  const readme = readFileSync(join(packageDir(name), 'README.md'), 'utf8');
  return [...readme.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!);
}

/** Fills in the placeholders of a README's block; each one must be there (a README that changed fails here, saying which). */
function fill(block: string, replacements: [placeholder: RegExp, value: string][]): string {
  let filled = block;
  for (const [placeholder, value] of replacements) {
    expect(filled, `the README's block no longer has ${placeholder}`).toMatch(placeholder);
    filled = filled.replace(new RegExp(placeholder.source, 'g'), value);
  }
  return filled;
}

/** Packs a workspace package as `pnpm release` does (`pnpm pack`); returns the tarball's path. */
function pack(name: string, into: string): string {
  mkdirSync(into, { recursive: true });
  execFileSync('pnpm', ['pack', '--pack-destination', into], { cwd: packageDir(name), stdio: 'pipe' });
  const prefix = name.replace('@', '').replace('/', '-');
  const tarball = readdirSync(into).find((file) => file.startsWith(`${prefix}-`) && file.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack of ${name} left no tarball in ${into}`);
  return join(into, tarball);
}

/** npm, as a user runs it; offline, with a cache of its own: the tarball is the whole install (no dependencies). */
function npm(cwd: string, args: string[]): void {
  execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', join(cwd, '.npm-cache')], {
    cwd,
    env: { ...process.env, PATH },
    stdio: 'pipe',
  });
}

/** Runs a shell block as a user pastes it (bash, stopping at the first failure), with nothing of this test's environment. */
function bash(cwd: string, script: string, path: string) {
  writeFileSync(join(cwd, 'readme-block.sh'), script);
  const result = spawnSync('bash', ['-e', 'readme-block.sh'], { cwd, encoding: 'utf8', env: { PATH: path, HOME: cwd }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
let server: ServerProcess | undefined;
const serverUrl = () => {
  if (!server) throw new Error('the server did not start');
  return server.url;
};
const tarballs = {} as { client: string; cli: string };

beforeAll(async () => {
  work = tempDir('push-api-first-examples-');
  tarballs.client = pack('@push-api/client', join(work, 'tarballs'));
  tarballs.cli = pack('@push-api/cli', join(work, 'tarballs'));
  server = await startServer({ main: serverMain, env: { PUSH_APPS: pushApps(TEST_APP), LOG_LEVEL: 'warn' } });
});

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("each README's first example runs, as written, in a fresh project", () => {
  it('the client: the first TypeScript block, saved under the name its command runs, pushes and recalls', () => {
    const [example] = readmeBlocks('@push-api/client', 'ts');
    // The command: the line of the README's shell blocks that runs a `.mts` file with node.
    const command = readmeBlocks('@push-api/client', 'sh')
      .flatMap((block) => block.split('\n'))
      .find((line) => !line.startsWith('#') && / node \S+\.mts$/.test(line));
    expect(example, 'the client README has no ```ts block').toBeDefined();
    expect(command, 'no shell block of the client README runs the first example with node').toBeDefined();
    const file = / node (\S+)$/.exec(command!)?.[1];
    expect(file).toBe('push-and-withdraw.mts');

    // `npm init -y` (npm 11 writes "type": "commonjs"), then the tarball, as the README's Install says.
    const project = join(work, 'client');
    mkdirSync(project, { recursive: true });
    npm(project, ['init', '-y']);
    npm(project, ['install', tarballs.client]);
    writeFileSync(join(project, file!), example!);

    const line = fill(command!, [
      [/\bAPP_KEY=…/, `APP_KEY=${TEST_APP.appKey}`],
      [/\bMASTER_SECRET=…/, `MASTER_SECRET=${TEST_APP.masterSecret}`],
      [README_URL, serverUrl()],
    ]);
    expect(line).not.toContain('…');
    const run = bash(project, `${line}\n`, PATH);
    expect(run.status, `${line}\n${run.stdout}${run.stderr}`).toBe(0);
    const pushed = /^pushed (\d+)$/m.exec(run.stdout)?.[1];
    expect(pushed, run.stdout + run.stderr).toMatch(/^\d+$/);
    expect(run.stdout.split('\n')).toContain(`recalled ${pushed}`);
  });

  it('the CLI: the first shell block, with the credentials and the address filled in, pushes and recalls', () => {
    const [block] = readmeBlocks('@push-api/cli', 'sh');
    expect(block, 'the CLI README has no ```sh block').toBeDefined();

    // Installed globally into a prefix of its own (`npm i -g`, as the README says).
    const prefix = join(work, 'cli-global');
    mkdirSync(prefix, { recursive: true });
    npm(prefix, ['install', '--global', '--prefix', prefix, tarballs.cli]);
    const bin = join(prefix, 'bin');
    const path = [dirname(process.execPath), bin, process.env.PATH ?? ''].join(delimiter);
    const home = join(work, 'cli-home'); // no profile of the machine's user
    mkdirSync(home, { recursive: true });
    expect(bash(home, 'command -v push-api\n', path).stdout.trim()).toBe(join(bin, 'push-api'));

    const script = fill(block!, [
      [/\bPUSH_APP_KEY=…/, `PUSH_APP_KEY=${TEST_APP.appKey}`],
      [/\bPUSH_MASTER_SECRET=…/, `PUSH_MASTER_SECRET=${TEST_APP.masterSecret}`],
      [README_URL, serverUrl()],
    ]);
    const run = bash(home, script, path);
    expect(run.status, `${script}\n${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout, run.stderr).toMatch(/^recalled \d+$/m);
  });
});

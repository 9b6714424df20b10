// Profiles: `push-api config` writes and reads them; withdraw, push and validate take their
// settings from the flags, else the environment, else the selected profile.
import { describe, expect, it } from 'vitest';
import { REGIONS } from '@push-api/client';
import { runCli } from '../src/cli.js';
import { ExitCode } from '../src/exit.js';
import { fakeIo, type FakeIoOptions } from './fake-io.js';

const CONFIG = '/home/op/.config/push-api/config.json';
const HOME = { HOME: '/home/op' };

/**
 * Runs each command line in turn over the same files (what one writes, the next reads); the
 * last one with `lastEnv` added to the environment.
 */
async function session(lines: string[][], options: FakeIoOptions = {}, lastEnv: Record<string, string> = {}) {
  const files: Record<string, string> = { ...options.files };
  const runs = [];
  for (const [index, argv] of lines.entries()) {
    const env = { ...HOME, ...options.env, ...(index === lines.length - 1 && lastEnv) };
    const fake = fakeIo({ ...options, env, files });
    const code = await runCli(argv, fake.io);
    Object.assign(files, fake.written);
    runs.push({ code, stdout: fake.stdout(), stderr: fake.stderr(), clients: fake.clients });
  }
  return { runs, files, last: runs.at(-1)! };
}

const shopHk = [
  ['config', 'set', '--profile', 'shop-hk', 'app-key', 'hk-key'],
  ['config', 'set', '--profile', 'shop-hk', 'master-secret', 'hk-secret'],
  ['config', 'set', '--profile', 'shop-hk', 'region', 'hk'],
  ['config', 'set', 'app-key', 'default-key'],
  ['config', 'set', 'master-secret-file', '/run/secrets/push'],
];

describe('push-api config', () => {
  it('set writes the profile into the XDG config folder; get reads a value back', async () => {
    const { runs, files } = await session([...shopHk, ['config', 'get', '--profile', 'shop-hk', 'region'], ['config', 'path']]);
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(JSON.parse(files[CONFIG]!)).toEqual({
      profiles: {
        'shop-hk': { 'app-key': 'hk-key', 'master-secret': 'hk-secret', region: 'hk' },
        default: { 'app-key': 'default-key', 'master-secret-file': '/run/secrets/push' },
      },
    });
    expect(runs[5]!.stdout).toBe('hk\n');
    expect(runs[6]!.stdout).toBe(`${CONFIG}\n`);
    expect(runs[0]!.stderr).toBe(`push-api: profile "shop-hk": app-key set (${CONFIG})\n`);
  });

  it('$XDG_CONFIG_HOME wins over ~/.config', async () => {
    const { files } = await session([['config', 'set', 'region', 'jpn']], { env: { ...HOME, XDG_CONFIG_HOME: '/xdg' } });
    expect(Object.keys(files)).toEqual(['/xdg/push-api/config.json']);
  });

  it('list shows every profile and never a secret', async () => {
    const { last } = await session([...shopHk, ['config', 'list']]);
    expect(last.stdout).toBe(
      '[shop-hk]\n  app-key = hk-key\n  master-secret = (set)\n  region = hk\n[default]\n  app-key = default-key\n  master-secret-file = /run/secrets/push\n',
    );
    const json = await session([...shopHk, ['config', 'list', '--json']]);
    expect(JSON.parse(json.last.stdout)).toMatchObject({ profiles: { 'shop-hk': { 'master-secret': '(set)' } } });
    expect(json.last.stdout).not.toContain('hk-secret');
  });

  it('set master-secret - reads it from stdin (not in the shell history); it replaces a master-secret-file', async () => {
    const { files } = await session([shopHk[4]!, ['config', 'set', 'master-secret', '-']], { stdin: 's3cret\n' });
    expect(JSON.parse(files[CONFIG]!)).toEqual({ profiles: { default: { 'master-secret': 's3cret' } } });
  });

  it('unset removes a key, and the profile with its last key; get of a missing key exits 1', async () => {
    const { runs, files } = await session([
      ['config', 'set', 'region', 'hk'],
      ['config', 'set', 'timeout', '5000'],
      ['config', 'unset', 'region'],
      ['config', 'get', 'region'],
      ['config', 'unset', 'timeout'],
    ]);
    expect(runs[3]).toMatchObject({ code: ExitCode.failed, stderr: 'push-api: profile "default" has no region\n' });
    expect(JSON.parse(files[CONFIG]!)).toEqual({ profiles: {} });
  });

  it('a malformed config file is bad usage, named, with no stack trace', async () => {
    const result = await session([['withdraw', '1']], { files: { [CONFIG]: '{"profiles": [' } });
    expect(result.last.code).toBe(ExitCode.usage);
    expect(result.last.stderr).toContain(`the config file ${CONFIG} is not JSON`);
    const unknown = await session([['config', 'list']], { files: { [CONFIG]: '{"profiles": {"a": {"colour": "red"}}}' } });
    expect(unknown.last.stderr).toContain('profile "a" has an unknown key "colour"');
  });
});

describe('where withdraw, push and validate take their settings', () => {
  const withProfiles = (argv: string[], env: Record<string, string> = {}) =>
    session([...shopHk, argv], { files: { '/run/secrets/push': 'file-secret\n' } }, env);

  it('a profile selects credentials and region (--profile, or PUSH_PROFILE)', async () => {
    const byFlag = await withProfiles(['withdraw', '--profile', 'shop-hk', '1']);
    expect(byFlag.last.code).toBe(ExitCode.ok);
    expect(byFlag.last.clients[0]).toMatchObject({ appKey: 'hk-key', masterSecret: 'hk-secret', baseUrl: REGIONS.hk });
    const byEnv = await withProfiles(['push', '--alert', 'hi'], { PUSH_PROFILE: 'shop-hk' });
    expect(byEnv.last.clients[0]).toMatchObject({ appKey: 'hk-key', baseUrl: REGIONS.hk });
  });

  it('"default" when none is named, its secret read from its master-secret-file', async () => {
    const { last } = await withProfiles(['withdraw', '1']);
    expect(last.clients[0]).toMatchObject({ appKey: 'default-key', masterSecret: 'file-secret', baseUrl: REGIONS.sgp });
  });

  it('the environment wins over the profile, and flags over both', async () => {
    const env = { PUSH_APP_KEY: 'env-key', PUSH_BASE_URL: 'http://127.0.0.1:9' };
    const byEnv = await withProfiles(['withdraw', '--profile', 'shop-hk', '1'], env);
    expect(byEnv.last.clients[0]).toMatchObject({ appKey: 'env-key', masterSecret: 'hk-secret', baseUrl: 'http://127.0.0.1:9' });
    const byFlags = await withProfiles(['withdraw', '--profile', 'shop-hk', '--app-key', 'flag-key', '--region', 'bra', '1'], env);
    expect(byFlags.last.clients[0]).toMatchObject({ appKey: 'flag-key', baseUrl: REGIONS.bra });
  });

  it('--master-secret-file, or "-" for stdin: the secret never needs a flag', async () => {
    const env = { PUSH_APP_KEY: 'k' };
    const fromFile = await session([['withdraw', '--master-secret-file', '/s', '1']], { env, files: { '/s': 'from-file\r\n' } });
    expect(fromFile.last.clients[0]).toMatchObject({ masterSecret: 'from-file' });
    const fromStdin = await session([['validate', '--master-secret-file', '-', 'b.json']], {
      env,
      stdin: 'from-stdin\n',
      files: { 'b.json': '{}' },
    });
    expect(fromStdin.last.clients[0]).toMatchObject({ masterSecret: 'from-stdin' });
    const empty = await session([['withdraw', '--master-secret-file', '/s', '1']], { env, files: { '/s': '\n' } });
    expect(empty.last).toMatchObject({
      code: ExitCode.usage,
      stderr: expect.stringContaining('--master-secret-file: /s is empty') as string,
    });
  });

  it('a profile’s timeout and retries are used unless flags say otherwise', async () => {
    const { last } = await session(
      [
        ['config', 'set', 'timeout', '2500'],
        ['config', 'set', 'retries', '0'],
        ['withdraw', '--retries', '1', '1'],
      ],
      {
        env: { ...HOME, PUSH_APP_KEY: 'k', PUSH_MASTER_SECRET: 's' },
      },
    );
    expect(last.clients[0]).toMatchObject({ timeoutMs: 2500, retries: 1 });
  });
});

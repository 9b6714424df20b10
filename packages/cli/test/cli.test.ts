// The command line without a process or a server: parsing, bad usage (exit 2, nothing sent),
// where the credentials and the address come from, help and version.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '@push-api/client';
import { runCli } from '../src/cli.js';
import { ExitCode } from '../src/exit.js';
import { ENV, fakeIo } from './fake-io.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

async function run(argv: string[], options: Parameters<typeof fakeIo>[0] = {}) {
  const fake = fakeIo(options);
  const code = await runCli(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), clients: fake.clients };
}

describe('bad usage exits 2 with a message on stderr, and sends nothing', () => {
  it.each([
    [[], /missing command/],
    [['recal'], /unknown command "recal"/],
    [['--nope'], /Unknown option '--nope'/],
    [['withdraw', '--nope', '1'], /Unknown option '--nope'/],
    [['withdraw', '--alert', 'x', '1'], /--alert is not an option of "withdraw"/],
    [['push', '--concurrency', '2', '--alert', 'x'], /--concurrency is not an option of "push"/],
    [['push', '--alert'], /--alert/],
    [['withdraw'], /missing msg_id/],
    [['withdraw', ''], /an empty msg_id/],
    [['withdraw', '-'], /no msg_id on stdin/],
    [['withdraw', '--concurrency', '0', '1'], /--concurrency must be a whole number from 1 to 64, not "0"/],
    [['withdraw', '--concurrency', '65', '1'], /--concurrency must be a whole number from 1 to 64/],
    [['withdraw', '--concurrency', 'many', '1'], /--concurrency must be a whole number/],
    [['withdraw', '--concurrency', '1.5', '1'], /--concurrency must be a whole number/],
    [['withdraw', '--region', 'mars', '1'], /unknown region "mars" \(regions: sgp, hk, usva, defra, jpn, bra\)/],
    [['withdraw', '--timeout', 'soon', '1'], /--timeout must be a whole number/],
    [['withdraw', '--retries', '11', '1'], /--retries must be a whole number from 0 to 10/],
    [['withdraw', '--base-url', 'localhost', '1'], /--base-url: "localhost" is not a URL/],
    [['withdraw', '--base-url', 'ftp://example.com', '1'], /not an http\(s\) URL/],
    [['push'], /missing --alert/],
    [['push', '--alert', '  '], /missing --alert/],
    [['push', '--alert', 'x', 'extra'], /push takes no arguments/],
    [['push', '--alert', 'x', '--platform', 'windows'], /--platform takes "all" or a comma-separated list of android, ios, hmos/],
    [['push', '--alert', 'x', '--to', ','], /--to takes "all" or registration ids/],
    [['validate'], /missing the file/],
    [['validate', 'a.json', 'b.json'], /validate takes one file/],
    [['validate', 'missing.json'], /cannot read missing\.json: ENOENT/],
    [['validate', 'bad.json'], /bad\.json is not JSON/],
    [['help', 'nope'], /unknown command "nope"/],
    [['help', 'push', 'validate'], /help takes at most one command/],
    [['push', '--file', 'body.json', '--alert', 'x'], /--file holds the whole request: drop --alert/],
    [['push', '--file', 'missing.json'], /cannot read missing\.json: ENOENT/],
    [['push', '--file', 'bad.json'], /bad\.json is not JSON/],
    [['push', '--file', '-', '--master-secret-file', '-'], /stdin cannot carry both/],
    [['withdraw', '--json', '--json-lines', '1'], /--json and --json-lines: choose one/],
    [['withdraw', '--only-failed', 'run.json', '1'], /give no msg_id as well/],
    [['withdraw', '--only-failed', 'bad.json'], /bad\.json is not what "push-api withdraw --json"/],
    [['withdraw', '--dry-run'], /missing msg_id/],
    [['withdraw', '--master-secret-file', 'missing.txt', '1'], /--master-secret-file: cannot read missing\.txt/],
    [['withdraw', '--profile', 'shop', '1'], /--profile: no profile "shop"/],
    [['config'], /missing what to do: push-api config set\|get\|unset\|list\|path/],
    [['config', 'set', 'region', 'moon'], /config region: unknown region "moon"/],
    [['config', 'set', 'colour', 'red'], /unknown key "colour"/],
    [['config', 'set', 'base-url', 'localhost'], /config base-url: "localhost" is not a URL/],
    [['config', 'set', 'retries', '99'], /config retries must be a whole number from 0 to 10/],
    [['config', 'set', '--profile', 'a b', 'region', 'hk'], /a profile's name is 1 to 64/],
    [['config', 'get'], /missing the key/],
    [['config', 'frobnicate'], /unknown "config frobnicate"/],
    [['config', '--alert', 'x', 'list'], /--alert is not an option of "config"/],
    [['completion'], /completion takes one shell: bash, zsh, fish/],
    [['completion', 'powershell'], /completion takes one shell/],
  ])('%j', async (argv, message) => {
    const result = await run(argv, {
      files: { 'bad.json': '{"to": "all",', 'body.json': '{}', 'run.json': '{"results": []}' },
      env: { ...ENV, XDG_CONFIG_HOME: '/config' },
    });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Run "push-api( \w+)? --help" for usage\.\n$/);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('points at the command’s help', async () => {
    expect((await run(['withdraw', '--concurrency', '0', '1'])).stderr).toContain('Run "push-api withdraw --help" for usage.');
    expect((await run(['push', '--platform', 'x', '--alert', 'y'])).stderr).toContain('Run "push-api push --help" for usage.');
    expect((await run(['validate', '--nope'])).stderr).toContain('Run "push-api validate --help" for usage.');
    expect((await run(['--nope'])).stderr).toContain('Run "push-api --help" for usage.');
  });

  it('names both environment variables when the credentials are missing', async () => {
    const result = await run(['withdraw', '1'], { env: {} });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain(
      'missing credentials: set PUSH_APP_KEY and PUSH_MASTER_SECRET, pass --app-key and --master-secret-file',
    );
    expect(result.clients).toEqual([]);
  });

  it('names the one that is missing, and counts an empty one as missing', async () => {
    expect((await run(['push', '--alert', 'x'], { env: { PUSH_APP_KEY: 'k', PUSH_MASTER_SECRET: '' } })).stderr).toContain(
      'missing the Master Secret: set PUSH_APP_KEY and PUSH_MASTER_SECRET',
    );
    expect((await run(['validate', 'x.json'], { env: { PUSH_MASTER_SECRET: 's' } })).stderr).toContain(
      'missing the AppKey: set PUSH_APP_KEY and PUSH_MASTER_SECRET',
    );
  });

  it('checks the arguments before the credentials', async () => {
    expect((await run(['withdraw'], { env: {} })).stderr).toContain('missing msg_id');
    expect((await run(['push'], { env: {} })).stderr).toContain('missing --alert');
  });
});

describe('credentials and address', () => {
  const withdrawOnce = async (argv: string[], env: Record<string, string>) => {
    const result = await run(['withdraw', ...argv, '1'], { env });
    expect(result.code).toBe(ExitCode.ok);
    expect(result.clients).toHaveLength(1);
    return result.clients[0]!;
  };

  it('come from the environment', async () => {
    expect(await withdrawOnce([], ENV)).toMatchObject({
      appKey: 'app-key',
      masterSecret: 'master-secret',
      baseUrl: 'http://127.0.0.1:1',
      retries: 2,
      userAgent: `push-api-cli/${version}`,
    });
  });

  it('flags win over the environment', async () => {
    const options = await withdrawOnce(['--app-key', 'k2', '--master-secret', 's2', '--base-url', 'http://127.0.0.1:2/'], ENV);
    expect(options).toMatchObject({ appKey: 'k2', masterSecret: 's2', baseUrl: 'http://127.0.0.1:2' });
    expect(options.timeoutMs).toBeUndefined();
  });

  it('--region wins over PUSH_BASE_URL; --base-url wins over --region', async () => {
    expect((await withdrawOnce(['--region', 'hk'], ENV)).baseUrl).toBe(REGIONS.hk);
    expect((await withdrawOnce(['--region', 'hk', '--base-url', 'http://127.0.0.1:3'], ENV)).baseUrl).toBe('http://127.0.0.1:3');
  });

  it('PUSH_REGION, else Singapore', async () => {
    const credentials = { PUSH_APP_KEY: 'k', PUSH_MASTER_SECRET: 's' };
    expect((await withdrawOnce([], { ...credentials, PUSH_REGION: 'jpn' })).baseUrl).toBe(REGIONS.jpn);
    expect((await withdrawOnce([], credentials)).baseUrl).toBe(REGIONS.sgp);
    expect((await run(['withdraw', '1'], { env: { ...credentials, PUSH_REGION: 'moon' } })).stderr).toContain(
      'PUSH_REGION: unknown region "moon"',
    );
  });

  it('--timeout and --retries', async () => {
    expect(await withdrawOnce(['--timeout', '1500', '--retries', '0'], ENV)).toMatchObject({ timeoutMs: 1500, retries: 0 });
    expect(await withdrawOnce(['--timeout=0'], ENV)).toMatchObject({ timeoutMs: 0 });
  });

  it('global flags go before or after the command', async () => {
    expect((await run(['--json', '--app-key', 'k3', 'withdraw', '1'])).clients[0]).toMatchObject({ appKey: 'k3' });
    expect(JSON.parse((await run(['--json', 'withdraw', '1'])).stdout)).toMatchObject({ summary: { recalled: 1 } });
  });
});

describe('help and version', () => {
  it('--help, -h and help print the global help on stdout and exit 0', async () => {
    const outputs = await Promise.all([run(['--help']), run(['-h']), run(['help'])]);
    for (const { code, stdout, stderr } of outputs) {
      expect(code).toBe(ExitCode.ok);
      expect(stderr).toBe('');
      expect(stdout).toBe(outputs[0].stdout);
    }
    const help = outputs[0].stdout;
    for (const text of [
      'push-api <command> [options]',
      'withdraw <msg_id>',
      'push --alert <text>',
      'validate <file.json>',
      '--app-key',
      '--master-secret',
      '--base-url',
      '--region',
      'sgp, hk, usva, defra, jpn, bra',
      '--timeout',
      '--retries',
      '--json',
      '--help',
      '--version',
      'PUSH_APP_KEY',
      'PUSH_MASTER_SECRET',
      'PUSH_BASE_URL',
      'PUSH_REGION',
      'Exit status:',
      '  0 ',
      '  1 ',
      '  2 ',
      '  130',
      'Examples:',
    ]) {
      expect(help).toContain(text);
    }
  });

  it.each([
    ['withdraw', ['--concurrency <n>', 'msg_ids on stdin', 'already recalled', '"summary"']],
    ['push', ['--alert <text>', '--to <audience>', '--platform <list>', '--cid <id>', 'android, ios, hmos']],
    ['validate', ['<file.json>', '/v4/push/validate', 'exits 2']],
  ])('%s has its own help, with the global flags, environment and exit statuses', async (command, texts) => {
    const forms = await Promise.all([
      run([command, '--help']),
      run([command, '-h']),
      run(['help', command]),
      run([command, '1', '--help']),
    ]);
    for (const { code, stdout } of forms) {
      expect(code).toBe(ExitCode.ok);
      expect(stdout).toBe(forms[0].stdout);
    }
    const help = forms[0].stdout;
    expect(help).toContain(`push-api ${command}`);
    for (const text of [...texts, '--app-key', '--json', 'PUSH_APP_KEY', 'PUSH_BASE_URL', 'Exit status:', 'Examples:'])
      expect(help).toContain(text);
    expect(help).not.toBe((await run(['--help'])).stdout);
  });

  it('recall is withdraw', async () => {
    expect((await run(['help', 'recall'])).stdout).toBe((await run(['help', 'withdraw'])).stdout);
    expect(await run(['recall', '5'])).toMatchObject({ code: ExitCode.ok, stdout: expect.stringContaining('recalled 5') as string });
  });

  it('--version prints the package version', async () => {
    expect(await run(['--version'])).toMatchObject({ code: ExitCode.ok, stdout: `${version}\n`, stderr: '' });
    expect((await run(['withdraw', '--version'])).stdout).toBe(`${version}\n`);
  });

  it('every line of the help fits 90 columns', async () => {
    const texts = await Promise.all(
      [['--help'], ['help', 'withdraw'], ['help', 'push'], ['help', 'validate'], ['help', 'config'], ['help', 'completion']].map((argv) =>
        run(argv),
      ),
    );
    for (const { stdout } of texts) for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(90);
  });
});

describe('a fault of the CLI itself', () => {
  it('exits 1 with one line and no stack trace', async () => {
    const fake = fakeIo();
    const io = {
      ...fake.io,
      createClient: () => {
        throw new Error('boom');
      },
    };
    expect(await runCli(['withdraw', '1'], io)).toBe(ExitCode.failed);
    expect(fake.stderr()).toBe('push-api: unexpected error: boom\n');
  });
});

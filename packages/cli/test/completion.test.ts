// Shell completion: the bash script is run in bash and asked what completes a few command
// lines; zsh reuses it; the fish script names every command and flag. All come from the
// command line's own tables, so a new flag is completed without touching the scripts.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { ExitCode } from '../src/exit.js';
import { COMMAND_FLAGS, COMMAND_NAMES } from '../src/options.js';
import { fakeIo } from './fake-io.js';

async function script(shell: string): Promise<string> {
  const fake = fakeIo();
  expect(await runCli(['completion', shell], fake.io)).toBe(ExitCode.ok);
  return fake.stdout();
}

/** What bash completes for the words typed (the last one being completed). */
function bashCompletes(source: string, words: string[]): string[] {
  const program = `${source}
COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_push_api
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('push-api completion', () => {
  it('bash: commands, a command’s flags, regions, config actions and keys', async () => {
    const bash = await script('bash');
    expect(bashCompletes(bash, ['push-api', ''])).toEqual(expect.arrayContaining([...COMMAND_NAMES, 'recall', 'help']));
    expect(bashCompletes(bash, ['push-api', 'withdraw', '--d'])).toEqual(['--dry-run']);
    expect(bashCompletes(bash, ['push-api', 'recall', '--only'])).toEqual(['--only-failed']);
    expect(bashCompletes(bash, ['push-api', 'push', '--'])).toEqual(expect.arrayContaining(['--file', '--alert', '--profile']));
    expect(bashCompletes(bash, ['push-api', 'push', '--'])).not.toContain('--dry-run');
    expect(bashCompletes(bash, ['push-api', 'withdraw', '--region', ''])).toEqual(['sgp', 'hk', 'usva', 'defra', 'jpn', 'bra']);
    expect(bashCompletes(bash, ['push-api', 'config', ''])).toEqual(expect.arrayContaining(['set', 'get', 'unset', 'list', 'path']));
    expect(bashCompletes(bash, ['push-api', 'config', 'set', 'reg'])).toEqual(['region']);
    expect(bashCompletes(bash, ['push-api', 'completion', ''])).toEqual(['bash', 'zsh', 'fish', '--help', '-h', '--version']);
  });

  it('zsh: the bash function through bashcompinit', async () => {
    const zsh = await script('zsh');
    expect(zsh).toContain('bashcompinit');
    expect(zsh).toContain('complete -o default -F _push_api push-api');
    execFileSync('bash', ['-n'], {
      input: zsh
        .split('\n')
        .filter((line) => !line.startsWith('autoload'))
        .join('\n'),
    });
  });

  it('fish: every command and each of its flags', async () => {
    const fish = await script('fish');
    for (const command of COMMAND_NAMES) {
      expect(fish).toContain(`-a '${command === 'withdraw' ? 'withdraw recall' : command}'`);
      for (const flag of COMMAND_FLAGS[command]) expect(fish).toContain(`-l ${flag}`);
    }
    expect(fish).toContain("-l region -x -a 'sgp hk usva defra jpn bra'");
    expect(fish).toContain('-l quiet -s q');
  });
});

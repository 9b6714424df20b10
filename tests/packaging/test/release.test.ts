// The release workflow as a maintainer runs it, on a scratch copy of this repository (its
// tracked files as they are now, without its pending changesets, in a git repository of its
// own): `pnpm changeset status`;
// `pnpm compat` failing on a breaking edit of spec/ until a changeset declares it (and
// `pnpm release` refusing it); then an additive edit, one patch changeset and `pnpm release`,
// which must apply the version and the CHANGELOG to every published package with the API's
// changes, add the release to the docs' Changelog page, make the bundle the released spec,
// build the packages, check the tarballs (publint, attw) and leave them in release/. Nothing
// is published.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@push-api/test-support';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let copy: string;

/** Runs a command in the copy; its output (stdout and stderr together) is returned, or thrown with the failure. */
function run(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // No CI variable: changesets and turbo behave as on a maintainer's machine.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
  });
}

/** The published packages: those of packages/ that are not private. */
const published = readdirSync(join(root, 'packages'))
  .map(
    (dir) =>
      JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as { name: string; private?: boolean; version: string },
  )
  .filter((manifest) => manifest.private !== true);

beforeAll(() => {
  copy = tempDir('push-api-release-');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '');
  // The changesets pending in this repository are left out: each scenario declares its own.
  const pending = (file: string) => file.startsWith('.changeset/') && file.endsWith('.md') && file !== '.changeset/README.md';
  for (const file of files.filter((name) => !pending(name))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(copy, file));
    } catch (error) {
      // A file deleted in the working tree but not yet in git's index.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  run('git', ['init', '-q', '-b', 'main']);
  run('git', ['add', '-A']);
  run('git', ['-c', 'user.name=release test', '-c', 'user.email=release@test.invalid', 'commit', '-qm', 'scratch copy']);
  // The store pnpm already has: nothing is downloaded.
  run('pnpm', ['install', '--frozen-lockfile', '--offline']);
}, 240_000);

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe('the release workflow, on a scratch copy', () => {
  it('pnpm changeset status runs (on the runtime changesets needs)', () => {
    expect(run('pnpm', ['changeset', 'status'])).toContain('changeset');
  });

  it("pnpm tarballs packs the packages at their versions, and npm installs the client from its tarball (the READMEs' way before publishing)", () => {
    const output = run('pnpm', ['tarballs']);
    expect(output).toContain(`${published.length} package(s): no problems`);
    const tarball = (name: string, version: string) => join(copy, 'release', `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
    const client = published.find((manifest) => manifest.name === '@push-api/client');
    expect(readdirSync(join(copy, 'release')).sort()).toEqual(published.map((m) => basename(tarball(m.name, m.version))).sort());
    const project = join(copy, 'first-project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"name":"first-project","version":"1.0.0","private":true}');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball('@push-api/client', client!.version)], {
      cwd: project,
      stdio: 'pipe',
    });
    const printed = execFileSync(
      process.execPath,
      ['-e', "import('@push-api/client').then((m) => console.log(typeof m.createPushClient))"],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(printed.trim()).toBe('function');
    rmSync(join(copy, 'release'), { recursive: true });
  });

  it('pnpm compat fails on a response field removed until a changeset declares the break; pnpm release refuses it', () => {
    const schema = join(copy, 'spec', 'components', 'schemas', 'WithdrawResponse.yaml');
    const released = readFileSync(schema, 'utf8');
    writeFileSync(
      schema,
      released.replace('required: [request_id, msg_id]', 'required: [msg_id]').replace(/ {2}request_id:\n( {4}.*\n)+/, ''),
    );
    const failure = (command: string, args: string[]) => {
      try {
        run(command, args);
      } catch (error) {
        const failed = error as { status: number; stdout: string; stderr: string };
        return { status: failed.status, output: failed.stdout + failed.stderr };
      }
      throw new Error(`${command} ${args.join(' ')} passed`);
    };
    const compat = failure('pnpm', ['compat']);
    expect(compat.output).toContain('breaking change without a major changeset');
    expect(compat.output).toContain('DELETE /v4/push/withdraw/{msg_id}: Property `request_id` of `WithdrawResponse` was removed');

    const patch = join(copy, '.changeset', 'not-enough.md');
    writeFileSync(patch, `---\n'@push-api/client': patch\n---\n\nRecall answers drop request_id.\n`);
    const release = failure('pnpm', ['release']);
    expect(release.output).toContain('release: breaking change without a major changeset (the pending changesets declare patch)');
    expect(JSON.parse(readFileSync(join(copy, 'packages', 'client', 'package.json'), 'utf8'))).toMatchObject({
      version: published[0]!.version,
    });

    // The bump a break needs below 1.0 is minor.
    writeFileSync(patch, `---\n'@push-api/client': minor\n---\n\nRecall answers drop request_id.\n`);
    expect(run('pnpm', ['compat'])).toContain('compat: major changes; nothing breaks without being declared');
    rmSync(patch);
    writeFileSync(schema, released);
  });

  it('pnpm release applies a patch changeset with an additive spec change: changelogs, the Changelog page, the released spec, the tarballs', () => {
    const schema = join(copy, 'spec', 'components', 'schemas', 'PushRequest.yaml');
    writeFileSync(
      schema,
      readFileSync(schema, 'utf8').replace(
        'properties:\n',
        'properties:\n  campaign:\n    type: string\n    maxLength: 64\n    description: A campaign name.\n',
      ),
    );
    writeFileSync(
      join(copy, '.changeset', 'release-test.md'),
      `---\n'@push-api/client': patch\n---\n\nA change described by the release test.\n`,
    );
    expect(run('pnpm', ['changeset', 'status'])).toContain('@push-api/client');
    const output = run('pnpm', ['release']);
    expect(output).toContain(`${published.length} package(s): no problems`);
    const tarballs = readdirSync(join(copy, 'release')).sort();
    // The published packages are versioned together (.changeset/config.json's "fixed").
    const bumped = (version: string) => version.replace(/\d+$/, (patch) => String(Number(patch) + 1));
    expect(tarballs).toEqual(
      published.map((manifest) => `${manifest.name.replace('@', '').replace('/', '-')}-${bumped(manifest.version)}.tgz`).sort(),
    );
    for (const manifest of published) {
      const dir = join(copy, 'packages', manifest.name.replace('@push-api/', ''));
      expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ version: bumped(manifest.version) });
      expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain(`## ${bumped(manifest.version)}`);
    }
    expect(readFileSync(join(copy, 'packages', 'client', 'CHANGELOG.md'), 'utf8')).toContain('A change described by the release test.');

    const next = bumped(published[0]!.version);
    for (const manifest of published) {
      const changelog = readFileSync(join(copy, 'packages', manifest.name.replace('@push-api/', ''), 'CHANGELOG.md'), 'utf8');
      // The release's API changes come first; main may hold other unreleased changes beside the test's.
      const release = changelog.slice(changelog.indexOf(`## ${next}\n`));
      expect(release).toMatch(/^## \S+\n\n### API changes\n\n- /);
      expect(release.slice(0, release.indexOf('\n## ', 1))).toContain('- `PushRequest.campaign` added (optional)\n');
    }
    const page = readFileSync(join(copy, 'apps', 'docs', 'guides', 'changelog.md'), 'utf8');
    const section = page.slice(page.indexOf(`\n## ${next} — `));
    expect(section).toMatch(/^\n## \S+ — \d{4}-\d{2}-\d{2}\n\n### Additions\n\n/);
    expect(section).toContain('- `PushRequest.campaign` added (optional) — `POST /v4/push`, `POST /v4/push/validate`\n');
    expect(page.indexOf(`## ${next}`)).toBeLessThan(page.indexOf(`## ${published[0]!.version}`));
    const releasedSpec = readFileSync(join(copy, 'spec', 'released', 'openapi.json'), 'utf8');
    expect(releasedSpec).toBe(readFileSync(join(copy, 'spec', 'dist', 'openapi.json'), 'utf8'));
    expect(releasedSpec).toContain('"campaign"');
    // The released spec is now this one: nothing left to declare.
    expect(run('pnpm', ['compat'])).toContain('compat: the spec is the released one');
  });
});

// The compatibility check (lib/compat.mjs, `pnpm compat`): one fixture per kind of change, each
// an edit of the current bundle, asserting the grade and that every operation the change
// reaches is named — so that an upgrade of Redocly that changes its rules is caught here. Then
// what a release must declare, and the command itself on files of its own.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment,
   @typescript-eslint/no-unsafe-call --
   the fixtures edit an OpenAPI bundle in place, at paths a type would only restate. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { changelogLines, compare, declaredBumps, markdown, neededBump, specConfig, verdict, type Report } from '../lib/compat.mjs';

type Json = Record<string, any>;
const bundle = JSON.parse(readFileSync(fileURLToPath(new URL('../dist/openapi.json', import.meta.url)), 'utf8')) as Json;

const PUSH = 'POST /v4/push';
const VALIDATE = 'POST /v4/push/validate';
const WITHDRAW = 'DELETE /v4/push/withdraw/{msg_id}';
const ALL = [WITHDRAW, PUSH, VALIDATE];

const schemas = (document: Json) => document.components.schemas as Json;
const catalogue = (document: Json) => schemas(document).ErrorCode['x-error-codes'] as Json[];

async function changed(edit: (document: Json) => void): Promise<Report> {
  const revision = structuredClone(bundle);
  edit(revision);
  return compare(bundle, revision, { config: specConfig });
}

/** The findings of one grade, as `rule: element` → operations. */
const at = (report: Report, grade: string) =>
  Object.fromEntries(report.findings.filter((f) => f.grade === grade).map((f) => [`${f.rule}: ${f.element}`, f.operations]));

describe('every kind of change, graded, at every operation it reaches', { timeout: 30_000 }, () => {
  it('the released spec against itself: no change', async () => {
    const report = await changed(() => {});
    expect(report).toEqual({ grade: 'none', findings: [] });
  });

  it('a response field removed is major', async () => {
    const report = await changed((d) => {
      delete schemas(d).WithdrawResponse.properties.request_id;
      schemas(d).WithdrawResponse.required = ['msg_id'];
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toMatchObject({ 'wire/property-removed: WithdrawResponse.request_id': [WITHDRAW] });
    const removed = report.findings.find((f) => f.rule === 'wire/property-removed');
    expect(removed?.message).toContain('`request_id` of `WithdrawResponse` was removed');
    expect(removed?.message).toContain('it was not deprecated in the released spec');
    expect(removed?.sdk).toBe('`WithdrawResponse.request_id` removed');
  });

  it('a required request field added is major, for both operations that take PushRequest', async () => {
    const report = await changed((d) => {
      schemas(d).PushRequest.properties.campaign = { type: 'string', maxLength: 64 };
      schemas(d).PushRequest.required.push('campaign');
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toMatchObject({ 'wire/required-properties-added: PushRequest': [PUSH, VALIDATE] });
    // The semantic check: the released request examples no longer validate, at each operation.
    const examples = report.findings.filter((f) => f.rule === 'examples');
    expect(new Set(examples.flatMap((f) => f.operations))).toEqual(new Set([PUSH, VALIDATE]));
    expect(examples[0]?.message).toMatch(/released request example \w+ no longer validates: .*'campaign'/);
    expect(changelogLines(report)).toContain('`PushRequest.campaign` added (required)');
  });

  it('an enum value removed from a request is major', async () => {
    const report = await changed((d) => {
      schemas(d).Platform.oneOf[1].items.enum = ['android', 'ios'];
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toEqual({ 'wire/enum-values-removed: Platform': [PUSH, VALIDATE] });
    expect(report.findings[0]?.message).toContain("'hmos'");
  });

  it('an operation removed is major: the path, and the operationId the packages export', async () => {
    const report = await changed((d) => {
      delete d.paths['/v4/push/validate'];
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toEqual({
      'wire/path-removed: /v4/push/validate': [VALIDATE],
      'surface: validatePush': [VALIDATE],
    });
    expect(changelogLines(report)).toContain("`OperationId` loses 'validatePush' (breaking)");
  });

  it('an optional request field added is minor and listed in SDK terms', async () => {
    const report = await changed((d) => {
      schemas(d).PushRequest.properties.campaign = { type: 'string', maxLength: 64, description: 'A campaign name.' };
    });
    expect(report.grade).toBe('minor');
    expect(at(report, 'minor')).toEqual({ 'wire/added: PushRequest.campaign': [PUSH, VALIDATE] });
    expect(changelogLines(report)).toEqual(['`PushRequest.campaign` added (optional)']);
    expect(markdown(report)).toContain(
      '### Additive (minor)\n\n- `PushRequest.campaign` added (optional) — POST /v4/push, POST /v4/push/validate',
    );
  });

  it('a catalogued error message changed is major (clients match on it), which no diff tool sees', async () => {
    const report = await changed((d) => {
      catalogue(d).find((entry) => entry.code === 21003)!.messages.msgIdWithdrawn = 'Parameter value is invalid,msg_id was recalled';
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toEqual({ 'catalogue: ERROR_MESSAGES.msgIdWithdrawn': ALL });
    expect(report.findings[0]?.sdk).toBe(
      '`ERROR_MESSAGES.msgIdWithdrawn` is "Parameter value is invalid,msg_id was recalled" (was "Parameter value is invalid,msg_id has been withdrawn")',
    );
  });

  it("a code's own message, status or name changed is major", async () => {
    const report = await changed((d) => {
      const entry = catalogue(d).find((e) => e.code === 21003)!;
      entry.message = 'Parameter value is not valid';
      entry.status = 422;
      entry.name = 'BAD_PARAMETER';
    });
    expect(report.findings.filter((f) => f.rule === 'catalogue').map((f) => [f.grade, f.message, f.operations])).toEqual([
      ['major', 'error code 21003 answers status 422 instead of 400', ALL],
      ['major', 'error code 21003 is named BAD_PARAMETER instead of INVALID_PARAMETER', ALL],
      ['major', 'the message of error code 21003 changed from "Parameter value is invalid" to "Parameter value is not valid"', ALL],
    ]);
  });

  it('an error code removed is major', async () => {
    const report = await changed((d) => {
      schemas(d).ErrorCode.enum = schemas(d).ErrorCode.enum.filter((code: number) => code !== 21001);
      schemas(d).ErrorCode['x-error-codes'] = catalogue(d).filter((entry) => entry.code !== 21001);
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toEqual({ 'catalogue: ErrorCode 21001': ALL });
    expect(changelogLines(report)).toContain('`ErrorCode` loses 21001 (`ErrorCodes.METHOD_NOT_ALLOWED`) (breaking)');
  });

  it('an error code added is minor by our policy (Redocly calls a response enum gaining a value major), and named', async () => {
    const report = await changed((d) => {
      schemas(d).ErrorCode.enum.push(21999);
      catalogue(d).push({
        code: 21999,
        status: 400,
        name: 'QUOTA_EXCEEDED',
        summary: 'Quota exceeded',
        message: 'Quota exceeded',
        description: 'Over quota.',
      });
    });
    expect(report.grade).toBe('minor');
    expect(at(report, 'minor')).toEqual({ 'catalogue: ErrorCode 21999': ALL });
    expect(changelogLines(report)).toEqual(['`ErrorCode` gains 21999 (`ErrorCodes.QUOTA_EXCEEDED`)']);
  });

  it('a limit narrowed is major, widened minor', async () => {
    const narrowed = await changed((d) => {
      schemas(d).PushRequest['x-max-json-depth'] = 32;
    });
    expect(narrowed.grade).toBe('major');
    expect(at(narrowed, 'major')).toEqual({ 'limits: PushRequest x-max-json-depth': [PUSH, VALIDATE] });
    expect(narrowed.findings[0]?.message).toBe('`PushRequest x-max-json-depth` narrowed from 64 to 32');

    const widened = await changed((d) => {
      const withdraw = d.paths['/v4/push/withdraw/{msg_id}'].delete;
      withdraw['x-recall-window-seconds'] = 2 * withdraw['x-recall-window-seconds'];
    });
    expect(widened.grade).toBe('minor');
    expect(at(widened, 'minor')).toEqual({ 'limits: DELETE /v4/push/withdraw/{msg_id} x-recall-window-seconds': [WITHDRAW] });
  });

  it('a shared schema narrowed is major at every operation that uses it (Redocly names one)', async () => {
    const report = await changed((d) => {
      schemas(d).MessageId.pattern = '^[0-9]{1,19}$';
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toEqual({ 'wire/schema-constraint-changed: MessageId': ALL });
  });

  it('a security requirement added is major for every operation', async () => {
    const report = await changed((d) => {
      d.components.securitySchemes.signature = { type: 'apiKey', in: 'header', name: 'X-Signature' };
      d.security = [{ basicAuth: [], signature: [] }];
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toEqual({ 'wire/security-requirement-changed: security': ALL });
  });

  it('a response type changed is major, at the operation whose response it is', async () => {
    const report = await changed((d) => {
      schemas(d).WithdrawResponse.properties.msg_id = { type: 'integer' };
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toMatchObject({ 'wire/schema-type-changed: WithdrawResponse.msg_id': [WITHDRAW] });
    expect(new Set(report.findings.flatMap((f) => f.operations))).toEqual(new Set([WITHDRAW]));
  });

  it('a component renamed is major: the exported type is gone (Redocly sees a patch)', async () => {
    const report = await changed((d) => {
      schemas(d).PushReply = schemas(d).PushResponse;
      delete schemas(d).PushResponse;
      const text = JSON.stringify(d).replaceAll('"#/components/schemas/PushResponse"', '"#/components/schemas/PushReply"');
      Object.assign(d, JSON.parse(text));
    });
    expect(report.grade).toBe('major');
    expect(at(report, 'major')).toEqual({ 'surface: PushResponse': [PUSH, VALIDATE] });
    expect(changelogLines(report)).toEqual(['`PushResponse` renamed `PushReply` (breaking)']);
  });

  it('a description reworded is a patch, and nothing for the changelogs', async () => {
    const report = await changed((d) => {
      schemas(d).WithdrawResponse.description = 'A recalled message.';
    });
    expect(report.grade).toBe('patch');
    expect(at(report, 'patch')).toEqual({ 'wire/modified: WithdrawResponse': [WITHDRAW] });
    expect(changelogLines(report)).toEqual([]);
  });

  it('a request enum gaining a value and a deprecation are minor (Redocly: patch)', async () => {
    const report = await changed((d) => {
      schemas(d).Platform.oneOf[1].items.enum.push('web');
      schemas(d).PushRequest.properties.from.deprecated = true;
    });
    expect(report.grade).toBe('minor');
    expect(at(report, 'minor')).toEqual({
      'wire/enum-values-added: Platform': [PUSH, VALIDATE],
      'wire/deprecated: PushRequest.from': [PUSH, VALIDATE],
    });
    expect(changelogLines(report)).toEqual(expect.arrayContaining(["`Platform` gains 'web'", '`PushRequest.from` deprecated']));
  });

  it('a removal of what the released spec deprecated carries no reminder', async () => {
    const released = structuredClone(bundle);
    schemas(released).PushRequest.properties.from.deprecated = true;
    const revision = structuredClone(released);
    delete schemas(revision).PushRequest.properties.from;
    const report = await compare(released, revision, { config: specConfig });
    const removed = report.findings.find((f) => f.rule === 'wire/property-removed');
    expect(removed?.element).toBe('PushRequest.from');
    expect(removed?.message).not.toContain('not deprecated');
  });

  it('the semantic check: a new response example that old clients cannot parse is major', async () => {
    const report = await changed((d) => {
      const accepted = d.components.responses.PushAccepted.content['application/json'].examples.accepted;
      accepted.value = { ...accepted.value, msg_id: 1828256757 };
    });
    expect(report.findings.map((f) => [f.grade, f.rule, f.operations])).toEqual([
      ['major', 'examples', [PUSH]],
      ['major', 'examples', [VALIDATE]],
    ]);
    expect(report.findings[0]?.message).toContain('does not fit the released response schema');
  });

  it('the semantic check reaches into allOf, where the structural diff is blind', async () => {
    const report = await changed((d) => {
      schemas(d).PushBody.allOf.push({ not: { required: ['notification'] } });
    });
    expect(report.grade).toBe('major');
    const examples = report.findings.filter((f) => f.rule === 'examples');
    expect(new Set(examples.flatMap((f) => f.operations))).toEqual(new Set([PUSH, VALIDATE]));
  });
});

describe('what a release must declare', () => {
  const major: Report = { grade: 'major', findings: [] };
  const packages = ['@push-api/client', '@push-api/types'];

  it('reads the bumps of pending changesets, the strongest per package', () => {
    const bumps = declaredBumps([
      '---\n"@push-api/client": patch\n\'@push-api/types\': minor\n---\n\nA fix.\n',
      '---\n"@push-api/client": major\n---\n\nA break.\n',
      'no front matter',
    ]);
    expect(Object.fromEntries(bumps)).toEqual({ '@push-api/client': 'major', '@push-api/types': 'minor' });
  });

  it('a breaking change needs major, or minor below 1.0; an additive one minor, or patch below 1.0', () => {
    expect([
      neededBump('major', '0.1.0'),
      neededBump('major', '1.2.0'),
      neededBump('minor', '0.1.0'),
      neededBump('minor', '2.0.0'),
    ]).toEqual(['minor', 'major', 'patch', 'minor']);
    expect([neededBump('patch', '1.0.0'), neededBump('none', '1.0.0')]).toEqual([null, null]);
  });

  it('fails a breaking change that no changeset declares with the bump it needs, and names the remedy', () => {
    const report: Report = {
      grade: 'major',
      findings: [
        {
          grade: 'major',
          rule: 'wire/property-removed',
          element: 'X.y',
          message: 'Property `y` of `X` was removed',
          operations: [WITHDRAW],
          sdk: '',
        },
      ],
    };
    const undeclared = verdict(report, { version: '0.1.0', packages, bumps: new Map([['@push-api/client', 'patch']]) });
    expect(undeclared.fails).toBe(true);
    expect(undeclared.message).toBe(
      [
        'breaking change without a major changeset (the pending changesets declare patch):',
        `  - ${WITHDRAW}: Property \`y\` of \`X\` was removed [wire/property-removed]`,
        'Undo it, or add a changeset (`pnpm changeset`) that bumps `@push-api/client` and `@push-api/types` (major; minor below 1.0: minor at 0.1.0).',
      ].join('\n'),
    );
    expect(verdict(report, { version: '0.1.0', packages, bumps: new Map([['@push-api/types', 'minor']]) })).toEqual({
      fails: false,
      message: null,
    });
    expect(verdict(report, { version: '1.0.0', packages, bumps: new Map([['@push-api/types', 'minor']]) }).fails).toBe(true);
    expect(verdict(major, { version: '1.0.0', packages, bumps: new Map([['@push-api/types', 'major']]) }).fails).toBe(false);
  });

  it('passes an additive change, reminding that its release needs a changeset', () => {
    const additive: Report = { grade: 'minor', findings: [] };
    const result = verdict(additive, { version: '0.1.0', packages, bumps: new Map() });
    expect(result.fails).toBe(false);
    expect(result.message).toContain('It passes; the release that ships it needs a changeset');
    expect(verdict(additive, { version: '0.1.0', packages, bumps: new Map([['@push-api/client', 'patch']]) }).message).toBeNull();
  });
});

describe('pnpm compat', { timeout: 30_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'push-api-compat-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const script = fileURLToPath(new URL('../scripts/compat.mjs', import.meta.url));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const version = (JSON.parse(readFileSync(join(root, 'packages', 'client', 'package.json'), 'utf8')) as { version: string }).version;

  function run(revision: Json, changesets: Record<string, string>): { code: number; stdout: string; stderr: string } {
    const dir = mkdtempSync(join(work, 'case-'));
    const current = join(dir, 'current.json');
    writeFileSync(current, JSON.stringify(revision));
    mkdirSync(join(dir, 'changesets'));
    for (const [name, text] of Object.entries(changesets)) writeFileSync(join(dir, 'changesets', name), text);
    try {
      const stdout = execFileSync(
        process.execPath,
        [script, '--current', current, '--changesets', join(dir, 'changesets'), '--root', root],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
    }
  }
  const withoutRequestId = structuredClone(bundle);
  delete schemas(withoutRequestId).WithdrawResponse.properties.request_id;
  schemas(withoutRequestId).WithdrawResponse.required = ['msg_id'];

  it('passes on the released spec', () => {
    // The released snapshot itself (the bundle may hold changes not released yet).
    const released = JSON.parse(readFileSync(join(root, 'spec', 'released', 'openapi.json'), 'utf8')) as Json;
    const result = run(released, {});
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('compat: the spec is the released one');
  });

  it('fails on an undeclared breaking change, naming the element, every operation and the remedy', () => {
    const result = run(withoutRequestId, { 'README.md': '# not a changeset\n' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('### Breaking (major)');
    expect(result.stderr).toContain('compat: breaking change without a major changeset');
    expect(result.stderr).toContain(`${WITHDRAW}: Property \`request_id\` of \`WithdrawResponse\` was removed`);
    expect(result.stderr).toMatch(/add a changeset \(`pnpm changeset`\) that bumps .*`@push-api\/client`.*`@push-api\/types`/);
  });

  it('passes once a changeset declares the bump it needs', () => {
    const bump = neededBump('major', version)!;
    const result = run(withoutRequestId, {
      'drop-request-id.md': `---\n"@push-api/client": ${bump}\n---\n\nRecall answers no longer carry request_id.\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('compat: major changes; nothing breaks without being declared');
  });
});

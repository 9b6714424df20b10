// Is a spec change compatible with the clients already installed? Compares the released
// bundle (spec/released/openapi.json) with the current one and grades every change major,
// minor or patch, each named by the element it changes and the operations it reaches:
//   wire        `redocly diff` with `diff-recommended` (request and response shapes, operations,
//               security), direction-aware;
//   catalogue   the error codes of `x-error-codes` (a code, its status, its constant name, a
//               message clients match on), which no diff tool reads;
//   limits      the `x-max-*`, `x-recall-window-seconds`, `x-rate-limit-per-second` numbers:
//               narrowed is breaking, widened is additive;
//   surface     what the packages export from the spec's names: components (the generated
//               types and their aliases) and operationIds (`OperationId`, `OPERATIONS`);
//   examples    every request example of the released spec still valid against the new
//               request schemas, every new response example valid against the released
//               response schemas (old requests keep working, old clients parse new answers):
//               this reaches into allOf/oneOf/not, where structural diffs go blind.
// A change of a shared component is reported at every operation that uses it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_METHODS, readOperations, resolveRef } from './operations.mjs';

const require = createRequire(import.meta.url);

/** The grades, weakest first. */
export const GRADES = ['patch', 'minor', 'major'];
const rank = (grade) => GRADES.indexOf(grade);
export const strongest = (grades) => grades.reduce((best, grade) => (rank(grade) > rank(best) ? grade : best), 'patch');

const decode = (segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const segmentsOf = (pointer) => pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(decode);

/** "GET /v4/push": how an operation is named in findings. */
const label = (operation) => `${operation.method} ${operation.path}`;

// ---------------------------------------------------------------- who uses what

/** Every `#/components/<kind>/<Name>` reached from `node`, following $refs (each once). */
function componentsReached(document, node, found = new Set(), seen = new Set()) {
  if (node === null || typeof node !== 'object') return found;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/')) {
    const [, kind, name] = segmentsOf(node.$ref);
    const component = `#/components/${kind}/${name}`;
    if (!seen.has(node.$ref)) {
      seen.add(node.$ref);
      found.add(component);
      componentsReached(document, resolveRef(document, node, node.$ref).value, found, seen);
    }
    return found;
  }
  for (const child of Object.values(node)) componentsReached(document, child, found, seen);
  return found;
}

/** component pointer → the operations (labels) that use it, and every operation's label. */
export function usage(document) {
  const users = new Map();
  const all = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const name = label({ method: method.toUpperCase(), path });
      all.push(name);
      const { 'x-codeSamples': _samples, ...contract } = operation;
      // Path-level parameters belong to every operation of the path.
      for (const component of componentsReached(document, { operation: contract, parameters: item.parameters ?? [] })) {
        if (!users.has(component)) users.set(component, new Set());
        users.get(component).add(name);
      }
    }
  }
  return { users, all };
}

/**
 * The operations a JSON pointer of one of the documents concerns: the operation or path it is
 * under, the operations that use the component it is in, or all of them (document-wide settings).
 */
function operationsAt(pointer, uses, document) {
  const segments = segmentsOf(pointer);
  if (segments[0] === 'paths' && segments[1] !== undefined) {
    const path = segments[1];
    const method = segments[2];
    if (method !== undefined && HTTP_METHODS.includes(method)) return [`${method.toUpperCase()} ${path}`];
    const item = document.paths?.[path] ?? {};
    return HTTP_METHODS.filter((candidate) => item[candidate]).map((candidate) => `${candidate.toUpperCase()} ${path}`);
  }
  if (segments[0] === 'components' && segments.length >= 3) {
    return [...(uses.users.get(`#/components/${segments[1]}/${segments[2]}`) ?? [])];
  }
  return uses.all;
}

/** "WithdrawResponse.request_id" for `#/components/schemas/WithdrawResponse/properties/request_id`. */
function elementAt(pointer) {
  const segments = segmentsOf(pointer);
  if (segments[0] === 'components') {
    const [, , name, ...rest] = segments;
    const properties = [];
    for (let i = 0; i < rest.length; i++) if (rest[i] === 'properties' && rest[i + 1] !== undefined) properties.push(rest[++i]);
    return [name, ...properties].join('.');
  }
  if (segments[0] === 'paths') return `${(segments[2] ?? '').toUpperCase()} ${segments[1] ?? ''}`.trim();
  if (segments[0] === 'security') return 'security';
  return pointer;
}

const finding = (grade, rule, element, message, operations, sdk = message) => ({
  grade,
  rule,
  element,
  message,
  operations: [...new Set(operations)].sort(),
  sdk,
});

// ---------------------------------------------------------------- the wire: redocly diff

/** `redocly diff` of two bundles (files), with the spec's config (it extends diff-recommended): its changes. */
function redoclyChanges(baseFile, revisionFile, config) {
  const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const output = execFileSync(
    process.execPath,
    [cli, 'diff', baseFile, revisionFile, '--config', config, '--format', 'json', '--fail-on', 'none', '--lint-config', 'off'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' } },
  );
  return JSON.parse(output).changes;
}

/** Is `property` of the schema at `pointer` (…/properties/<name>) required in `document`? */
function isRequiredAt(document, pointer) {
  const segments = segmentsOf(pointer);
  const name = segments.at(-1);
  if (segments.at(-2) !== 'properties') return false;
  let parent = document;
  for (const segment of segments.slice(0, -2)) parent = parent?.[segment];
  return Array.isArray(parent?.required) && parent.required.includes(name);
}

/** The values an `enum` change adds. */
function enumGained(change) {
  const before = change.base?.value;
  const after = change.revision?.value;
  if (change.property !== 'enum' || !Array.isArray(before) || !Array.isArray(after)) return [];
  return after.filter((value) => !before.includes(value));
}

/** Is `pointer` inside the schema that carries the error catalogue (`x-error-codes`)? */
function isCatalogue(document, pointer) {
  if (!pointer) return false;
  const [kind, group, name] = segmentsOf(pointer);
  return kind === 'components' && group === 'schemas' && document.components?.schemas?.[name]?.['x-error-codes'] !== undefined;
}

/** The node at a JSON pointer of a document. */
const at = (document, pointer) => segmentsOf(pointer).reduce((node, segment) => node?.[segment], document);

/**
 * Was a removed element deprecated in the released spec (`deprecated: true`; a path item, when
 * all its operations were)? Our policy: deprecate in a release first, remove in a later major.
 */
function wasDeprecated(node) {
  if (node === null || typeof node !== 'object') return false;
  if (node.deprecated === true) return true;
  const operations = HTTP_METHODS.map((method) => node[method]).filter(Boolean);
  return operations.length > 0 && operations.every((operation) => operation.deprecated === true);
}
const NOT_DEPRECATED = ' (it was not deprecated in the released spec: deprecate it in a release first)';

function wireFindings(changes, base, revision, uses) {
  const findings = [];
  const seen = new Set();
  for (const change of changes) {
    const basePointer = change.base?.pointer;
    const revisionPointer = change.revision?.pointer;
    const where = basePointer ?? revisionPointer ?? change.path;
    const element = elementAt(revisionPointer ?? basePointer ?? change.path);
    // Redocly reports a change of a shared component once, at the first operation that
    // reaches it (change.path): the operations are that one and every user of the component
    // the change is in. Where the two sides are in different components (a $ref replaced by
    // an inline schema), the change is at the referring site: the users of both.
    const users = (pointer, side, document) => (pointer ? operationsAt(pointer, uses[side], document) : null);
    const before = users(basePointer, 'base', base);
    const after = users(revisionPointer, 'revision', revision);
    const shared = before && after ? before.filter((operation) => after.includes(operation)) : (before ?? after ?? []);
    const operations = [...operationsAt(change.path, uses.base, base), ...shared];
    const verdicts =
      change.verdicts.length > 0 ? change.verdicts : [{ ruleId: `${change.kind}`, impact: change.impact, message: undefined }];
    const gained = enumGained(change);
    for (const verdict of verdicts) {
      // Our policy: a new error code is additive (the catalogue rule reports it, minor), not
      // the breaking change Redocly makes of a response enum gaining a value.
      if (verdict.ruleId === 'enum-values-added' && isCatalogue(revision, revisionPointer)) continue;
      const key = `${verdict.ruleId} ${where} ${verdict.message ?? ''}`;
      const existing = seen.has(key) ? findings.find((f) => f.key === key) : undefined;
      if (existing) {
        existing.operations = [...new Set([...existing.operations, ...operations])].sort();
        continue;
      }
      seen.add(key);
      let message = verdict.message;
      let sdk;
      if (change.kind === 'added' && revisionPointer && segmentsOf(revisionPointer).at(-2) === 'properties') {
        const required = isRequiredAt(revision, revisionPointer);
        message ??= `\`${element}\` added (${required ? 'required' : 'optional'})`;
        sdk = `\`${element}\` added (${required ? 'required' : 'optional'})`;
      } else if (change.kind === 'removed' && basePointer && segmentsOf(basePointer).at(-2) === 'properties') {
        message ??= `\`${elementAt(basePointer)}\` removed`;
        sdk = `\`${elementAt(basePointer)}\` removed`;
      }
      sdk ??= verdict.message === undefined ? undefined : `\`${element}\`: ${verdict.message}`;
      let grade = verdict.impact;
      let rule = verdict.ruleId;
      if (change.property === 'deprecated' && change.revision?.value === true && change.verdicts.length === 0) {
        // A deprecation: clients are told before a removal (see the policy in spec/README.md).
        grade = 'minor';
        rule = 'deprecated';
        message = sdk = `\`${element}\` deprecated`;
      } else if (gained.length > 0 && change.verdicts.length === 0) {
        // Redocly grades a request enum gaining values patch: a value clients can now send.
        grade = 'minor';
        rule = 'enum-values-added';
        message = sdk = `\`${element}\` gains ${gained.map((value) => `'${value}'`).join(', ')}`;
      }
      message ??= `\`${element}\` ${change.kind}${change.property ? ` (${change.property})` : ''}`;
      if (change.kind === 'removed' && basePointer && !wasDeprecated(at(base, basePointer)))
        message = message.replace(/\.$/, '') + NOT_DEPRECATED;
      findings.push({ ...finding(grade, `wire/${rule}`, element, message, operations, sdk), key });
    }
  }
  return findings.map(({ key: _key, ...rest }) => rest);
}

// ---------------------------------------------------------------- the error catalogue

const catalogueOf = (document) => document.components?.schemas?.ErrorCode?.['x-error-codes'] ?? [];

function catalogueFindings(base, revision, uses) {
  const findings = [];
  const operations = operationsAt('#/components/schemas/ErrorCode', uses.base, base);
  const before = new Map(catalogueOf(base).map((entry) => [entry.code, entry]));
  const after = new Map(catalogueOf(revision).map((entry) => [entry.code, entry]));
  const add = (grade, element, message, sdk) => findings.push(finding(grade, 'catalogue', element, message, operations, sdk));
  for (const [code, old] of before) {
    const now = after.get(code);
    if (now === undefined) {
      add(
        'major',
        `ErrorCode ${code}`,
        `error code ${code} (${old.name}) was removed${wasDeprecated(old) ? '' : NOT_DEPRECATED}`,
        `\`ErrorCode\` loses ${code} (\`ErrorCodes.${old.name}\`)`,
      );
      continue;
    }
    if (now.status !== old.status) {
      add(
        'major',
        `ErrorCode ${code}`,
        `error code ${code} answers status ${now.status} instead of ${old.status}`,
        `\`ERROR_CODES\`: ${code} answers HTTP ${now.status} (was ${old.status})`,
      );
    }
    if (now.name !== old.name) {
      add(
        'major',
        `ErrorCode ${code}`,
        `error code ${code} is named ${now.name} instead of ${old.name}`,
        `\`ErrorCodes.${old.name}\` renamed \`ErrorCodes.${now.name}\``,
      );
    }
    if (now.message !== old.message) {
      add(
        'major',
        `ErrorCode ${code}`,
        `the message of error code ${code} changed from "${old.message}" to "${now.message}"`,
        `\`ERROR_CODES\`: the message of ${code} is "${now.message}" (was "${old.message}")`,
      );
    }
    if (now.deprecated === true && old.deprecated !== true) {
      add('minor', `ErrorCode ${code}`, `error code ${code} (${old.name}) deprecated`, `\`ErrorCodes.${old.name}\` (${code}) deprecated`);
    }
    for (const [name, text] of Object.entries(old.messages ?? {})) {
      const current = now.messages?.[name];
      if (current === undefined)
        add(
          'major',
          `ERROR_MESSAGES.${name}`,
          `the message ${name} of error code ${code} was removed`,
          `\`ERROR_MESSAGES.${name}\` removed`,
        );
      else if (current !== text) {
        add(
          'major',
          `ERROR_MESSAGES.${name}`,
          `the message ${name} of error code ${code} changed from "${text}" to "${current}"`,
          `\`ERROR_MESSAGES.${name}\` is "${current}" (was "${text}")`,
        );
      }
    }
    for (const [name, text] of Object.entries(now.messages ?? {})) {
      if (old.messages?.[name] === undefined)
        add(
          'minor',
          `ERROR_MESSAGES.${name}`,
          `error code ${code} gains the message ${name}: "${text}"`,
          `\`ERROR_MESSAGES.${name}\` added`,
        );
    }
  }
  for (const [code, entry] of after) {
    if (!before.has(code)) {
      // Additive, as GitHub's policy has it; named in the changelog so that an exhaustive
      // `switch` over ErrorCode can be told to take it.
      add(
        'minor',
        `ErrorCode ${code}`,
        `error code ${code} (${entry.name}) added: "${entry.message}"`,
        `\`ErrorCode\` gains ${code} (\`ErrorCodes.${entry.name}\`)`,
      );
    }
  }
  return findings;
}

// ---------------------------------------------------------------- the limits

const LIMIT = /^x-(max-[a-z-]+|recall-window-seconds|rate-limit-per-second)$/;

/** Every limit extension of a document: pointer → { name, value }. */
function limitsOf(node, pointer = '#', found = new Map()) {
  if (node === null || typeof node !== 'object') return found;
  for (const [key, value] of Object.entries(node)) {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (LIMIT.test(key) && typeof value === 'number') found.set(at, { name: key, value });
    else limitsOf(value, at, found);
  }
  return found;
}

function limitFindings(base, revision, uses) {
  const findings = [];
  const before = limitsOf(base);
  const after = limitsOf(revision);
  for (const [pointer, { name, value }] of before) {
    const now = after.get(pointer);
    const operations = operationsAt(pointer, uses.base, base);
    const element = `${elementAt(pointer)} ${name}`;
    if (now === undefined)
      findings.push(finding('minor', 'limits', element, `\`${element}\` ${value} was removed (no limit: widened)`, operations));
    else if (now.value < value)
      findings.push(finding('major', 'limits', element, `\`${element}\` narrowed from ${value} to ${now.value}`, operations));
    else if (now.value > value)
      findings.push(finding('minor', 'limits', element, `\`${element}\` widened from ${value} to ${now.value}`, operations));
  }
  for (const [pointer, { name, value }] of after) {
    if (!before.has(pointer)) {
      const element = `${elementAt(pointer)} ${name}`;
      findings.push(
        finding('major', 'limits', element, `\`${element}\` ${value} added (a new limit)`, operationsAt(pointer, uses.revision, revision)),
      );
    }
  }
  return findings;
}

// ---------------------------------------------------------------- the packages' surface

const COMPONENT_KINDS = ['schemas', 'responses', 'parameters', 'requestBodies', 'headers'];
const withoutDocs = (node) =>
  JSON.stringify(node, (key, value) => (['description', 'summary', 'example', 'examples', 'title'].includes(key) ? undefined : value));

function surfaceFindings(base, revision, uses) {
  const findings = [];
  for (const kind of COMPONENT_KINDS) {
    const before = base.components?.[kind] ?? {};
    const after = revision.components?.[kind] ?? {};
    const removed = Object.keys(before).filter((name) => !(name in after));
    const added = Object.keys(after).filter((name) => !(name in before));
    for (const name of removed) {
      const renamedTo = added.find((candidate) => withoutDocs(after[candidate]) === withoutDocs(before[name]));
      const operations = operationsAt(`#/components/${kind}/${name}`, uses.base, base);
      const type = `components['${kind}']['${name}']`;
      findings.push(
        renamedTo === undefined
          ? finding(
              'major',
              'surface',
              name,
              `the component ${name} was removed: the type ${type} is gone${wasDeprecated(before[name]) ? '' : NOT_DEPRECATED}`,
              operations,
              `\`${name}\` removed`,
            )
          : finding(
              'major',
              'surface',
              name,
              `the component ${name} was renamed ${renamedTo}: the type ${type} is gone`,
              operations,
              `\`${name}\` renamed \`${renamedTo}\``,
            ),
      );
    }
    for (const name of added) {
      if (removed.some((old) => withoutDocs(after[name]) === withoutDocs(before[old]))) continue;
      findings.push(
        finding(
          'minor',
          'surface',
          name,
          `the component ${name} was added`,
          operationsAt(`#/components/${kind}/${name}`, uses.revision, revision),
          `\`${name}\` added`,
        ),
      );
    }
  }
  const idsOf = (document) => new Map(readOperations(document).map((operation) => [operation.operationId, label(operation)]));
  const before = idsOf(base);
  const after = idsOf(revision);
  for (const [id, where] of before) {
    if (!after.has(id))
      findings.push(
        finding(
          'major',
          'surface',
          id,
          `the operationId ${id} is gone from OperationId and OPERATIONS`,
          [where],
          `\`OperationId\` loses '${id}'`,
        ),
      );
  }
  for (const [id, where] of after) {
    if (!before.has(id))
      findings.push(finding('minor', 'surface', id, `the operationId ${id} was added`, [where], `\`OperationId\` gains '${id}'`));
  }
  return findings;
}

// ---------------------------------------------------------------- the examples

/** A validator of one document's schemas (Ajv 2020, the spec's formats; its x- limits are the limits rule's). */
async function validatorOf(document) {
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
  for (const format of ['int32', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addFormat('int64', { type: 'string', validate: (text) => /^-?[0-9]{1,19}$/.test(text) });
  ajv.addSchema(document, 'doc');
  const compiled = new Map();
  return (pointer, value) => {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `doc${pointer}` }));
    const validate = compiled.get(pointer);
    return validate(value) ? null : ajv.errorsText(validate.errors, { dataVar: 'example' });
  };
}

async function exampleFindings(base, revision) {
  const findings = [];
  const checkNew = await validatorOf(revision);
  const checkOld = await validatorOf(base);
  const now = new Map(readOperations(revision).map((operation) => [operation.operationId, operation]));
  const before = new Map(readOperations(base).map((operation) => [operation.operationId, operation]));
  for (const [id, old] of before) {
    const current = now.get(id);
    if (current === undefined) continue; // the operation's removal is the surface's finding
    for (const [name, example] of Object.entries(old.requestBody?.examples ?? {})) {
      const problem = current.requestBody ? checkNew(current.requestBody.schema, example.value) : 'the operation takes no body any more';
      if (problem !== null) {
        findings.push(
          finding('major', 'examples', `${id} request`, `the released request example ${name} no longer validates: ${problem}`, [
            label(current),
          ]),
        );
      }
    }
    for (const parameter of old.parameters) {
      if (parameter.example === undefined) continue;
      const counterpart = current.parameters.find((candidate) => candidate.name === parameter.name && candidate.in === parameter.in);
      const problem = counterpart ? checkNew(counterpart.schema, parameter.example) : `the parameter ${parameter.name} is gone`;
      if (problem !== null) {
        findings.push(
          finding(
            'major',
            'examples',
            `${id} ${parameter.name}`,
            `the released example of ${parameter.name} no longer validates: ${problem}`,
            [label(current)],
          ),
        );
      }
    }
  }
  for (const [id, current] of now) {
    const old = before.get(id);
    if (old === undefined) continue;
    for (const [status, response] of Object.entries(current.responses)) {
      const released = old.responses[status];
      if (released?.schema === undefined || released.schema === null) continue;
      for (const [name, example] of Object.entries(response.examples)) {
        const problem = checkOld(released.schema, example.value);
        if (problem !== null) {
          findings.push(
            finding(
              'major',
              'examples',
              `${id} ${status}`,
              `the ${status} example ${name} does not fit the released response schema (old clients fail on it): ${problem}`,
              [label(current)],
            ),
          );
        }
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------- all of it

/**
 * Every change from `base` to `revision` (parsed bundles), graded: `{ grade, findings }`,
 * each finding `{ grade, rule, element, message, operations, sdk }` (`sdk`: the line for
 * the packages' changelogs). `config` is the Redocly config the wire diff runs with.
 */
export async function compare(base, revision, { config }) {
  const work = mkdtempSync(join(tmpdir(), 'push-api-compat-'));
  try {
    const baseFile = join(work, 'released.json');
    const revisionFile = join(work, 'current.json');
    writeFileSync(baseFile, JSON.stringify(base));
    writeFileSync(revisionFile, JSON.stringify(revision));
    const uses = { base: usage(base), revision: usage(revision) };
    const findings = [
      ...wireFindings(redoclyChanges(baseFile, revisionFile, config), base, revision, uses),
      ...catalogueFindings(base, revision, uses),
      ...limitFindings(base, revision, uses),
      ...surfaceFindings(base, revision, uses),
      ...(await exampleFindings(base, revision)),
    ].sort((a, b) => rank(b.grade) - rank(a.grade) || a.element.localeCompare(b.element));
    return { grade: findings.length === 0 ? 'none' : strongest(findings.map((f) => f.grade)), findings };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const specConfig = fileURLToPath(new URL('../redocly.yaml', import.meta.url));

// ---------------------------------------------------------------- what a release must declare

/** The bump each package gets from the pending changesets (`.changeset/*.md` front matter). */
export function declaredBumps(files) {
  const bumps = new Map();
  for (const text of files) {
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    for (const line of front.split(/\r?\n/)) {
      const match = /^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (match) bumps.set(match[1], strongest([bumps.get(match[1]) ?? 'patch', match[2]]));
    }
  }
  return bumps;
}

/**
 * What the next release of a repository declares: its published packages (packages/*, not
 * private; released together with one version, .changeset/config.json's "fixed"), their
 * version, and the bumps of the pending changesets (`changesets`: .changeset/ by default).
 */
export function pendingRelease(root, changesets = join(root, '.changeset')) {
  const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
  const manifests = readdirSync(join(root, 'packages'))
    .map((dir) => read(join(root, 'packages', dir, 'package.json')))
    .filter((manifest) => manifest.private !== true);
  const files = existsSync(changesets)
    ? readdirSync(changesets)
        .filter((file) => file.endsWith('.md') && file !== 'README.md')
        .map((file) => readFileSync(join(changesets, file), 'utf8'))
    : [];
  return {
    version: manifests[0]?.version ?? '0.0.0',
    packages: manifests.map((manifest) => manifest.name),
    bumps: declaredBumps(files),
    changesets: files.length,
  };
}

/**
 * The bump a grade needs at a version: a breaking change needs major (minor below 1.0, where a
 * minor bump is what clients' `^` ranges refuse), an additive one minor (patch below 1.0); a
 * patch-level change needs none.
 */
export function neededBump(grade, version) {
  const belowOne = Number(version.split('.')[0]) < 1;
  if (grade === 'major') return belowOne ? 'minor' : 'major';
  if (grade === 'minor') return belowOne ? 'patch' : 'minor';
  return null;
}

const bumpRank = (bump) => (bump === null ? -1 : ['patch', 'minor', 'major'].indexOf(bump));

/**
 * The check's verdict on `report` against the pending changesets: `{ fails, message }`, the
 * message (or null) saying what changed, the rule, and the remedy. Only a breaking change
 * fails: it must be declared by a changeset of the bump it needs. An additive change passes,
 * with a reminder when nothing declares it yet (it is released with the next changeset).
 */
export function verdict(report, { version, packages, bumps }) {
  const needed = neededBump(report.grade, version);
  if (needed === null) return { fails: false, message: null };
  const declared = packages.reduce((best, name) => (bumpRank(bumps.get(name) ?? null) > bumpRank(best) ? bumps.get(name) : best), null);
  if (bumpRank(declared) >= bumpRank(needed)) return { fails: false, message: null };
  const kind = report.grade === 'major' ? 'breaking change' : 'additive change';
  const strongestFindings = report.findings.filter((f) => f.grade === report.grade);
  const list = packages.map((name) => `\`${name}\``);
  const who = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0];
  const lines = strongestFindings.map((f) => `  - ${f.operations.join(', ') || 'the whole API'}: ${f.message} [${f.rule}]`);
  const message = [
    `${kind} without a ${report.grade} changeset${declared ? ` (the pending changesets declare ${declared})` : ''}:`,
    ...lines,
    report.grade === 'major'
      ? `Undo it, or add a changeset (\`pnpm changeset\`) that bumps ${who} (major; minor below 1.0: ${needed} at ${version}).`
      : `It passes; the release that ships it needs a changeset that bumps ${who} (minor; patch below 1.0: ${needed} at ${version}).`,
  ].join('\n');
  return { fails: report.grade === 'major', message };
}

/** The report as markdown: what changed, by grade, each with the operations it reaches. */
export function markdown(report, heading = '## API changes since the released spec') {
  if (report.findings.length === 0) return `${heading}\n\nNone.\n`;
  const titles = { major: 'Breaking (major)', minor: 'Additive (minor)', patch: 'Other (patch)' };
  const sections = ['major', 'minor', 'patch']
    .map((grade) => {
      const rows = report.findings.filter((f) => f.grade === grade);
      if (rows.length === 0) return '';
      return `### ${titles[grade]}\n\n${rows.map((f) => `- ${f.message} — ${f.operations.join(', ') || 'the whole API'} (${f.rule})`).join('\n')}\n`;
    })
    .filter(Boolean);
  return `${heading}\n\n${sections.join('\n')}`;
}

/**
 * A release's section of the docs' Changelog page: its breaking changes and additions in the
 * terms of the SDK, each with the operations it reaches.
 */
export function releaseSection(report, { version, date }) {
  const rows = (grade) => {
    const lines = new Map();
    for (const f of report.findings.filter((candidate) => candidate.grade === grade)) {
      lines.set(f.sdk, [...new Set([...(lines.get(f.sdk) ?? []), ...f.operations])].sort());
    }
    return [...lines].map(
      ([line, operations]) => `- ${line}${operations.length > 0 ? ` — ${operations.map((o) => `\`${o}\``).join(', ')}` : ''}`,
    );
  };
  const breaking = rows('major');
  const additions = rows('minor');
  const parts = [`## ${version} — ${date}`];
  if (breaking.length > 0) parts.push(`### Breaking changes\n\n${breaking.join('\n')}`);
  if (additions.length > 0) parts.push(`### Additions\n\n${additions.join('\n')}`);
  if (breaking.length + additions.length === 0) parts.push('No change to the API contract.');
  return `${parts.join('\n\n')}\n`;
}

/** The lines for the packages' changelogs, in the terms of the SDK (types, names, codes), deduplicated. */
export function changelogLines(report) {
  return [...new Set(report.findings.filter((f) => f.grade !== 'patch').map((f) => `${f.sdk}${f.grade === 'major' ? ' (breaking)' : ''}`))];
}

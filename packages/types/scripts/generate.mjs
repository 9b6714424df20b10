#!/usr/bin/env node
// Generates src/generated/ from the bundled spec (spec/dist/openapi.json):
//   openapi.ts     the paths/components types, by openapi-typescript
//   catalog.ts     error codes and messages, limits and data-centre hosts, from the spec's
//                  `x-` extensions and schema constraints
//   operations.ts  every operation: method, path, parameters, body, declared responses with
//                  their examples, and the `OperationId` union
//   README.md      what the folder is
// With --check it writes nothing and exits 1 when a file differs from what it would write.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { readOperations, readPathMethods } from '@push-api/spec/operations';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'src', 'generated');
const specPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json'));
const check = process.argv.includes('--check');

const REGENERATE = 'change the spec, then run `pnpm build` (or `pnpm --filter @push-api/types generate`)';
const banner = `// Generated from spec/dist/openapi.json by packages/types/scripts/generate.mjs. Do not edit:
// ${REGENERATE}.
`;

const spec = JSON.parse(await readFile(specPath, 'utf8'));
const json = (value) => JSON.stringify(value, null, 2);

/** Every object of the document with its JSON path, depth first (no `$ref` is followed). */
function* walk(node, path = '#') {
  if (node === null || typeof node !== 'object') return;
  yield [node, path];
  for (const [key, child] of Object.entries(node)) yield* walk(child, `${path}/${key}`);
}

/** The one value of extension `name` in the document; fails unless exactly one place sets it. */
function single(name) {
  const found = [...walk(spec)].filter(([node]) => node[name] !== undefined);
  if (found.length !== 1) throw new Error(`catalog: expected one ${name} in the spec, found ${found.length}`);
  return found[0][0][name];
}

function catalog() {
  const schemas = spec.components.schemas;
  const codes = schemas.ErrorCode['x-error-codes'];
  const options = schemas.PushOptions.properties;
  const limits = {
    recallWindowSeconds: single('x-recall-window-seconds'),
    maxPayloadBytes: single('x-max-payload-bytes'),
    maxJsonDepth: single('x-max-json-depth'),
    maxBodyBytes: single('x-max-body-bytes'),
    rateLimitPerSecond: single('x-rate-limit-per-second'),
    maxBigPushDurationMinutes: options.big_push_duration.maximum,
    maxTimeToLiveSeconds: options.time_to_live.maximum,
    msgIdPattern: schemas.MessageId.pattern,
    cidPattern: options.cid.pattern,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (value === undefined) throw new Error(`catalog: limit ${name} is missing from the spec`);
  }

  // A subschema's x-error-message names an exact message of its x-error-code's entry.
  const byCode = new Map(codes.map((entry) => [entry.code, entry]));
  for (const [node, path] of walk(spec)) {
    if (node['x-error-message'] === undefined) continue;
    const entry = byCode.get(node['x-error-code']);
    if (!entry) throw new Error(`catalog: ${path} has x-error-message but no catalogued x-error-code`);
    if (entry.messages?.[node['x-error-message']] === undefined) {
      throw new Error(`catalog: ${path}: x-error-message "${node['x-error-message']}" is not a message of code ${entry.code}`);
    }
  }

  const regions = {};
  for (const server of spec.servers) {
    const match = /^https:\/\/pushapi-([a-z]+)\./.exec(server.url);
    if (match) regions[match[1]] = server.url;
  }
  const names = Object.fromEntries(codes.map((c) => [c.name, c.code]));
  const messages = Object.assign({}, ...codes.map((c) => c.messages ?? {}));
  // The exact messages a recall can fail with: those its 400 response shows as examples.
  const withdraw = readOperations(spec).find((operation) => operation.operationId === 'withdrawMessage');
  const recallMessages = Object.fromEntries(Object.keys(withdraw?.responses['400']?.examples ?? {}).map((name) => [name, messages[name]]));
  if (Object.keys(recallMessages).length === 0 || Object.values(recallMessages).includes(undefined)) {
    throw new Error("catalog: the withdraw operation's 400 examples must be named after catalogue messages");
  }
  const entries = codes.map(({ code, status, name, summary, message, description, messages: own }) => ({
    code,
    status,
    name,
    summary,
    message,
    description: description.trim(),
    messages: Object.keys(own ?? {}),
  }));
  return `${banner}
/**
 * Every error code of the API: its HTTP status, constant name, default message, what it
 * means, and the names of its exact messages (in ERROR_MESSAGES).
 */
export const ERROR_CODES = ${json(entries)} as const;

/** A code of the API's error envelope. */
export type ErrorCode = (typeof ERROR_CODES)[number]['code'];

/** Error codes by constant name, e.g. \`ErrorCodes.INVALID_PARAMETER\` is 21003. */
export const ErrorCodes = ${json(names)} as const;

/** The exact texts of particular cases of a code (recall failures, among others), by name. */
export const ERROR_MESSAGES = ${json(messages)} as const;

/** The exact messages a recall (withdrawMessage) fails with, by name: a subset of ERROR_MESSAGES. */
export const RECALL_ERROR_MESSAGES = ${json(recallMessages)} as const;

/** Limits and windows the API enforces. */
export const LIMITS = ${json(limits)} as const;

/** The data-centre base URLs by region, from the spec's \`servers\`. */
export const REGIONS = ${json(regions)} as const;

export type Region = keyof typeof REGIONS;
`;
}

function operations() {
  const list = readOperations(spec);
  const map = Object.fromEntries(list.map((operation) => [operation.operationId, operation]));
  return `${banner}
/**
 * Every operation of the spec, by operationId: method, path, parameters, request body and
 * declared responses (with their headers and named examples). Schemas are JSON pointers into
 * the bundled document (\`@push-api/spec/openapi.json\`).
 */
export const OPERATIONS = ${json(map)} as const;

/** The operationId of an operation of the spec. */
export type OperationId = keyof typeof OPERATIONS;

/** The description of one operation in OPERATIONS. */
export type OperationDescription = (typeof OPERATIONS)[OperationId];

/** The methods each path of the spec takes, by path template (what \`Allow\` lists). */
export const PATH_METHODS = ${json(readPathMethods(spec))} as const;
`;
}

async function types() {
  const ast = await openapiTS(spec, { alphabetize: false, defaultNonNullable: false });
  return `${banner}\n${astToString(ast)}`;
}

const readme = `# generated — do not edit

Made by \`packages/types/scripts/generate.mjs\` from the bundled spec (\`spec/dist/openapi.json\`);
${REGENERATE}. \`pnpm build\` fails while these files are stale.

| file | holds |
|---|---|
| \`openapi.ts\` | the \`paths\`, \`components\` and \`operations\` types (openapi-typescript) |
| \`catalog.ts\` | \`ERROR_CODES\`, \`ErrorCodes\`, \`ERROR_MESSAGES\`, \`RECALL_ERROR_MESSAGES\`, \`LIMITS\`, \`REGIONS\` |
| \`operations.ts\` | \`OPERATIONS\` (method, path, parameters, body, responses and examples of each operation), \`OperationId\`, \`PATH_METHODS\` |
`;

const files = { 'openapi.ts': await types(), 'catalog.ts': catalog(), 'operations.ts': operations(), 'README.md': readme };
const stale = [];
await mkdir(outDir, { recursive: true });
for (const [name, content] of Object.entries(files)) {
  const path = join(outDir, name);
  if (check) {
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current !== content) stale.push(relative(process.cwd(), path));
  } else {
    await writeFile(path, content);
  }
}
if (stale.length) {
  console.error(`Generated files are stale: ${stale.join(', ')}.\nTo regenerate them: ${REGENERATE}.`);
  process.exit(1);
}
console.log(
  check ? 'generated files are up to date' : `generated ${Object.keys(files).join(', ')} from ${relative(process.cwd(), specPath)}`,
);

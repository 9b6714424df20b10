#!/usr/bin/env node
// Generates src/generated/ from the bundled spec (spec/dist/openapi.json):
//   openapi.ts  the paths/components types, by openapi-typescript
//   catalog.ts  error codes, messages, limits and data-centre hosts, read from the spec's
//               `x-` extensions and schema constraints: the one module code reads them from
// With --check it writes nothing and exits 1 when a file differs from what it would write.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'src', 'generated');
const specPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json'));
const check = process.argv.includes('--check');

const banner = `// This file is generated from spec/dist/openapi.json by packages/types/scripts/generate.mjs.
// Do not edit it by hand: change the spec, then run \`pnpm build\` (or \`pnpm --filter @push-api/types generate\`).
`;

const spec = JSON.parse(await readFile(specPath, 'utf8'));

function catalog() {
  const schemas = spec.components.schemas;
  const codes = schemas.ErrorCode['x-error-codes'];
  const withdraw = spec.paths['/v4/push/withdraw/{msg_id}'].delete;
  const rateLimit = spec.components.responses.TooManyRequests['x-rate-limit-per-second'];
  const options = schemas.PushOptions.properties;
  const messageId = schemas.MessageId;
  const limits = {
    recallWindowSeconds: withdraw['x-recall-window-seconds'],
    maxPayloadBytes: schemas.PushBody['x-max-payload-bytes'],
    rateLimitPerSecond: rateLimit,
    maxBigPushDurationMinutes: options.big_push_duration.maximum,
    maxTimeToLiveSeconds: options.time_to_live.maximum,
    msgIdPattern: messageId.pattern,
    cidPattern: options.cid.pattern,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (value === undefined) throw new Error(`catalog: limit ${name} is missing from the spec`);
  }
  const regions = {};
  for (const server of spec.servers) {
    const match = /^https:\/\/pushapi-([a-z]+)\./.exec(server.url);
    if (match) regions[match[1]] = server.url;
  }
  const byName = Object.fromEntries(codes.map((c) => [c.name, c.code]));
  const messages = Object.assign({}, ...codes.map((c) => c.messages ?? {}));
  const entries = codes.map(({ code, status, name, message }) => ({ code, status, name, message }));
  const json = (value) => JSON.stringify(value, null, 2);
  return `${banner}
/** Every error code of the API, with its HTTP status and default message. */
export const ERROR_CODES = ${json(entries)} as const;

/** A code of the API's error envelope. */
export type ErrorCode = (typeof ERROR_CODES)[number]['code'];

/** Error codes by constant name, e.g. \`ErrorCodes.INVALID_PARAMETER\` is 21003. */
export const ErrorCodes = ${json(byName)} as const;

/** The exact texts of the cases that share one code (recall failures, among others). */
export const ERROR_MESSAGES = ${json(messages)} as const;

/** Limits and windows the API enforces. */
export const LIMITS = ${json(limits)} as const;

/** The data-centre base URLs by region, from the spec's \`servers\`. */
export const REGIONS = ${json(regions)} as const;

export type Region = keyof typeof REGIONS;
`;
}

async function types() {
  const ast = await openapiTS(spec, { alphabetize: false, defaultNonNullable: false });
  return banner + '\n' + astToString(ast);
}

const files = { 'openapi.ts': await types(), 'catalog.ts': catalog() };
let stale = [];
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
  console.error(`Generated files are stale: ${stale.join(', ')}.\nRun \`pnpm build\` (or \`pnpm --filter @push-api/types generate\`) to regenerate them from the spec.`);
  process.exit(1);
}
console.log(check ? 'generated types are up to date' : `generated ${Object.keys(files).join(', ')} from ${relative(process.cwd(), specPath)}`);

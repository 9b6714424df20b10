// The bundle agrees with itself and with the domain: every error example names a code of the
// catalogue with that code's status, the recall examples are the catalogue's exact texts,
// and the vendor's own examples are kept byte for byte.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readOperations, resolveRef } from '../lib/operations.mjs';

interface CatalogueEntry {
  code: number;
  status: number;
  name: string;
  summary: string;
  message: string;
  messages?: Record<string, string>;
}

/** What these tests read of the bundle. */
interface Bundle {
  servers: { url: string; description: string }[];
  security: unknown;
  paths: Record<string, Record<string, { description?: string }>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: { ErrorCode: { enum: number[]; description: string; 'x-error-codes': CatalogueEntry[] } };
  };
}

const spec = JSON.parse(readFileSync(fileURLToPath(new URL('../dist/openapi.json', import.meta.url)), 'utf8')) as Bundle;
const catalogue: CatalogueEntry[] = spec.components.schemas.ErrorCode['x-error-codes'];
const operations = readOperations(spec);
const withdraw = operations.find((operation) => operation.operationId === 'withdrawMessage')!;

const responses = operations.flatMap((operation) =>
  Object.entries(operation.responses).map(([status, response]) => ({ op: operation.operationId, status: Number(status), response })),
);

describe('the bundle', () => {
  it('has the three operations, each with a summary, description and operationId', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(['createPush', 'validatePush', 'withdrawMessage']);
    for (const { method, path, summary } of operations) {
      expect(summary && spec.paths[path]?.[method.toLowerCase()]?.description).toBeTruthy();
    }
  });

  it('lists the six data centres and the two local servers', () => {
    expect(spec.servers.map((s) => s.url)).toEqual([
      ...['sgp', 'hk', 'usva', 'defra', 'jpn', 'bra'].map((dc) => `https://pushapi-${dc}.engagelab.com`),
      'http://127.0.0.1:8080',
      'http://127.0.0.1:4010',
    ]);
    // Redoc shows a server's description as plain text: Markdown there would show its marks.
    for (const { description } of spec.servers) expect(description).toMatch(/^[^`*_[\]<>]+$/);
  });

  it('uses HTTP Basic globally', () => {
    expect(spec.security).toEqual([{ basicAuth: [] }]);
    expect(spec.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('every operation declares 200, 400, 401, 405, 408, 429, 431, 500 and 503', () => {
    for (const op of ['createPush', 'validatePush', 'withdrawMessage']) {
      expect(responses.filter((r) => r.op === op).map((r) => r.status)).toEqual([200, 400, 401, 405, 408, 429, 431, 500, 503]);
    }
  });
});

describe('the error catalogue', () => {
  it('is the ErrorCode enum, one entry per code', () => {
    expect(catalogue.map((c) => c.code)).toEqual(spec.components.schemas.ErrorCode.enum);
    expect(new Set(catalogue.map((c) => c.name)).size).toBe(catalogue.length);
  });

  it('holds every code of the domain table with its status', () => {
    const byCode = Object.fromEntries(catalogue.map((c) => [c.code, c.status]));
    expect(byCode).toMatchObject({ 21001: 405, 21002: 400, 21003: 400, 21004: 401, 21005: 400, 23006: 400, 23008: 429, 27000: 500 });
  });

  it('is rendered as a table in the bundle (one row per code and per exact message)', () => {
    const description: string = spec.components.schemas.ErrorCode.description;
    for (const entry of catalogue) {
      expect(description).toContain(`| ${entry.code} | ${entry.status} | ${entry.summary} |`);
      for (const message of Object.values(entry.messages ?? {})) expect(description).toContain(message);
    }
  });

  it('every error example uses a catalogued code, with that code’s status', () => {
    let checked = 0;
    for (const { op, status, response } of responses.filter((r) => r.status >= 400)) {
      for (const [name, example] of Object.entries(response.examples)) {
        const entry = catalogue.find((c) => c.code === (example.value as { error: { code: number } }).error.code);
        expect(entry, `${op} ${status} ${name}`).toBeDefined();
        expect(entry!.status, `${op} ${status} ${name}`).toBe(status);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('the recall operation', () => {
  const examples = (status: number) =>
    Object.fromEntries(
      Object.entries(withdraw.responses[status]!.examples).map(([n, e]) => [n, e.value as { error: { message: string } }]),
    );

  it('keeps the seed’s success and failure bodies byte for byte', () => {
    expect(JSON.stringify(examples(200).withdrawn)).toBe('{"request_id":"","msg_id":"1180003"}');
    expect(JSON.stringify(examples(400).msgIdNotExist)).toBe(
      '{"error":{"code":21003,"message":"Parameter value is invalid,msg_id not exist"}}',
    );
  });

  it('shows each recall failure with the catalogue’s exact text', () => {
    // The recall's cases among the 21003 messages (the others are the push's).
    const messages = Object.fromEntries(
      Object.entries(catalogue.find((c) => c.code === 21003)!.messages!).filter(([name]) => name.startsWith('msgId')),
    );
    expect(Object.fromEntries(Object.entries(examples(400)).map(([n, v]) => [n, v.error.message]))).toEqual(messages);
  });

  it('takes msg_id as 1–20 decimal digits and states the one-day, no-duplicate rules', () => {
    const [param] = withdraw.parameters;
    expect(param).toMatchObject({ name: 'msg_id', in: 'path', required: true });
    expect(resolveRef(spec, { $ref: param!.schema }, param!.schema).value).toMatchObject({ type: 'string', pattern: '^[0-9]{1,20}$' });
    expect(withdraw.extensions['x-recall-window-seconds']).toBe(86400);
    const description = spec.paths[withdraw.path]?.delete?.description;
    expect(description).toMatch(/within one day/);
    expect(description).toMatch(/Duplicate recalls are not supported/);
  });
});

// The bundle agrees with itself and with the domain: every error example names a code of the
// catalogue with that code's status, the recall examples are the catalogue's exact texts,
// and the vendor's own examples are kept byte for byte.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const spec = JSON.parse(readFileSync(fileURLToPath(new URL('../dist/openapi.json', import.meta.url)), 'utf8'));
const resolve = (node: any): any =>
  node?.$ref ? resolve(node.$ref.slice(2).split('/').reduce((v: any, k: string) => v[k], spec)) : node;
const catalogue: Array<{ code: number; status: number; name: string; message: string; messages?: Record<string, string> }> =
  spec.components.schemas.ErrorCode['x-error-codes'];
const withdraw = spec.paths['/v4/push/withdraw/{msg_id}'].delete;

const responses = Object.values(spec.paths as Record<string, Record<string, any>>).flatMap((item) =>
  Object.values(item)
    .filter((op) => op.operationId)
    .flatMap((op) => Object.entries(op.responses).map(([status, r]) => ({ op: op.operationId, status: Number(status), response: resolve(r) }))),
);

describe('the bundle', () => {
  it('has the three operations, each with a summary, description and operationId', () => {
    const ops = Object.values(spec.paths as Record<string, Record<string, any>>).flatMap((item) => Object.values(item).filter((o) => o.operationId));
    expect(ops.map((o) => o.operationId).sort()).toEqual(['createPush', 'validatePush', 'withdrawMessage']);
    for (const op of ops) expect(op.summary && op.description).toBeTruthy();
  });

  it('lists the six data centres and the two local servers', () => {
    expect(spec.servers.map((s: { url: string }) => s.url)).toEqual([
      ...['sgp', 'hk', 'usva', 'defra', 'jpn', 'bra'].map((dc) => `https://pushapi-${dc}.engagelab.com`),
      'http://127.0.0.1:8080',
      'http://127.0.0.1:4010',
    ]);
  });

  it('uses HTTP Basic globally', () => {
    expect(spec.security).toEqual([{ basicAuth: [] }]);
    expect(spec.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('every operation declares 200, 400, 401, 405, 429 and 500', () => {
    for (const op of ['createPush', 'validatePush', 'withdrawMessage']) {
      expect(responses.filter((r) => r.op === op).map((r) => r.status)).toEqual([200, 400, 401, 405, 429, 500]);
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
      for (const [name, example] of Object.entries(response.content['application/json'].examples as Record<string, any>)) {
        const entry = catalogue.find((c) => c.code === example.value.error.code);
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
      Object.entries(resolve(withdraw.responses[status]).content['application/json'].examples as Record<string, any>).map(([n, e]) => [n, e.value]),
    );

  it('keeps the seed’s success and failure bodies byte for byte', () => {
    expect(JSON.stringify(examples(200).withdrawn)).toBe('{"request_id":"","msg_id":"1180003"}');
    expect(JSON.stringify(examples(400).msgIdNotExist)).toBe(
      '{"error":{"code":21003,"message":"Parameter value is invalid,msg_id not exist"}}',
    );
  });

  it('shows each recall failure with the catalogue’s exact text', () => {
    const messages = catalogue.find((c) => c.code === 21003)!.messages!;
    expect(Object.fromEntries(Object.entries(examples(400)).map(([n, v]) => [n, v.error.message]))).toEqual(messages);
  });

  it('takes msg_id as 1–20 decimal digits and states the one-day, no-duplicate rules', () => {
    const param = resolve(withdraw.parameters?.[0] ?? spec.paths['/v4/push/withdraw/{msg_id}'].parameters[0]);
    expect(resolve(param.schema)).toMatchObject({ type: 'string', pattern: '^[0-9]{1,20}$' });
    expect(withdraw['x-recall-window-seconds']).toBe(86400);
    expect(withdraw.description).toMatch(/within one day/);
    expect(withdraw.description).toMatch(/Duplicate recalls are not supported/);
  });
});

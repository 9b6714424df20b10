// (c) Fails when an operation or a declared status of the spec has no contract test.
import { describe, expect, it } from 'vitest';
import { calls } from '../src/calls.js';
import { exemptions, scenarios } from '../src/scenarios.js';
import { declaredResponses, operationIds } from '../src/spec.js';

describe('contract coverage', () => {
  it('the spec has the three operations', () => {
    expect([...operationIds].sort()).toEqual(['createPush', 'validatePush', 'withdrawMessage']);
  });

  it.each(operationIds.map((operationId) => ({ operationId })))('$operationId has a call made against every target', ({ operationId }) => {
    expect(calls[operationId], `no entry for ${operationId} in src/calls.ts`).toBeTypeOf('function');
  });

  it.each(declaredResponses)('$operationId $status has a mock case with an example', ({ examples }) => {
    expect(Object.keys(examples).length, 'the mock suite needs a named example to assert').toBeGreaterThan(0);
  });

  it.each(declaredResponses)('$operationId $status has a server scenario or a stated exemption', ({ operationId, status }) => {
    const covered = scenarios.some((s) => s.operationId === operationId && s.status === status);
    expect(covered || Boolean(exemptions[`${operationId} ${status}`]), `add a scenario to src/scenarios.ts`).toBe(true);
  });

  it('no scenario tests a status the spec does not declare', () => {
    for (const s of scenarios) {
      expect(
        declaredResponses.some((d) => d.operationId === s.operationId && d.status === s.status),
        `${s.operationId} ${s.status}`,
      ).toBe(true);
    }
  });
});

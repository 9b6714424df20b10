// Every scenario (src/scenarios.ts) on one target, each answer checked against the scenario
// and the spec, and the outcome recorded for the table CI prints (scripts/print-figures.mjs):
// a row per scenario, a column per target, "pass", "FAIL", or "n/a" with the reason the
// target cannot have that behaviour (a stateless mock has no state; a 431 comes from Node's
// own HTTP parser).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordFigures } from '@push-api/test-support/figures';
import { scenarios, type Endpoint, type Scenario } from './scenarios.js';
import { declaredStatuses } from './spec.js';

const FIGURES = fileURLToPath(new URL('../test-output/figures.json', import.meta.url));

/** A target as the conformance suite runs it. */
export interface ConformanceTarget {
  /** Where the scenarios go. */
  main: Endpoint;
  /** The same behaviour with a rate limit of 1 per second, for the 429 scenarios. */
  limited?: Endpoint;
}

export interface ConformanceOptions {
  /** The target's column in the table. */
  name: string;
  /** The running target (started by the caller, e.g. with useTestServer). */
  target: () => ConformanceTarget;
  /** Why a scenario cannot apply to this target, or undefined when it must pass. */
  notApplicable?: (scenario: Scenario) => string | undefined;
  /** Checks of every answer (e.g. a validating proxy's: no violation reported). */
  extraChecks?: (response: Response, text: string) => void;
}

export const scenarioKey = (scenario: Scenario) => `${scenario.operationId} ${scenario.status}: ${scenario.title}`;

const record = (target: string, scenario: Scenario, outcome: string) => {
  recordFigures(FIGURES, 'conformance', { [`${target} | ${scenarioKey(scenario)}`]: outcome });
};

export function describeConformance({ name, target, notApplicable = () => undefined, extraChecks }: ConformanceOptions): void {
  // Every cell in the scenarios' order first: one that stays "not run" is a failure too.
  const applicable = scenarios.filter((scenario) => {
    const reason = notApplicable(scenario);
    record(name, scenario, reason === undefined ? 'not run' : `n/a (${reason})`);
    return reason === undefined;
  });

  describe(`conformance: ${name}`, () => {
    it.each(applicable)('$operationId $status: $title', async (scenario) => {
      record(name, scenario, 'FAIL');
      const { main, limited } = target();
      const endpoint = scenario.rateLimited ? limited : main;
      if (endpoint === undefined) throw new Error(`${name} has no rate-limited endpoint for "${scenario.title}"`);
      const response = await scenario.run(endpoint);
      const text = await response.text();
      extraChecks?.(response, text);
      expect(response.status, text).toBe(scenario.status);
      expect(declaredStatuses(scenario.operationId)).toContain(response.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = JSON.parse(text) as { error: { code: number }; request_id: unknown; msg_id: string };
      if (scenario.expectBody) expect(body).toEqual(scenario.expectBody);
      if (scenario.expectCode) expect(body.error.code).toBe(scenario.expectCode);
      if (scenario.status === 200) {
        expect(typeof body.request_id).toBe('string');
        expect(body.msg_id).toMatch(/^[0-9]{1,20}$/);
      }
      record(name, scenario, 'pass');
    });
  });
}

/** The reasons of the targets that are not Node's HTTP server (no 431 of theirs is the API's). */
export const notNodeHttp =
  (what: string) =>
  (scenario: Scenario): string | undefined =>
    scenario.nodeHttp ? `${what}; the 431 is Node's HTTP parser's` : undefined;

#!/usr/bin/env node
// Prints what the hardening tests measured (test-output/figures.json), one line each.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(import.meta.dirname, '..', 'test-output', 'figures.json');
if (!existsSync(file)) {
  console.log('hardening figures: none yet (run the tests: pnpm --filter @push-api/hardening-tests test)');
  process.exit(0);
}
const figures = JSON.parse(readFileSync(file, 'utf8'));
const statuses = (byStatus = {}) =>
  Object.entries(byStatus)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');

const lines = {
  hostileInput: (f) =>
    `hostile input: ${f.requests} raw requests, answers ${statuses(f.byStatus)}; unanswered ${f.unanswered}; ${f.connectionsOpened} connections; /healthz at the end ${f.healthzAtEnd}`,
  specFuzz: (f) =>
    `spec fuzz: ${f.validAccepted} generated pushes accepted, ${f.mutationsRefused} single-rule breaks refused with their code (${Object.keys(f.mutationKinds ?? {}).length} kinds of rule), ${f.pushed} pushed → ${f.recalled} recalled → ${f.recalledTwice} "has been withdrawn"`,
  crashSafety: (f) =>
    ['NORMAL', 'FULL']
      .filter((mode) => f[mode])
      .map(
        (mode) =>
          `crash safety (DB_SYNCHRONOUS=${mode}): SIGKILL under load, ${f[mode].pushesAcknowledged} pushes + ${f[mode].recallsAcknowledged} recalls acknowledged, ${f[mode].lost} lost; ${f[mode].requestsInFlightAtKill} requests in flight at the kill`,
      )
      .join('\n'),
  slowClients: (f) =>
    `slow clients: unfinished body → 408 after ${Object.values(f.bodyTimeoutMs ?? {}).join('/')} ms (${(f.observed408 ?? []).join(', ')}); unfinished headers → 408 after ${f.headersTimeoutMs} ms; idle keep-alive closed after ${f.keepAliveClosedAfterMs} ms; MAX_CONNECTIONS ${f.maxConnections?.limit}: ${f.maxConnections?.keptOpen} of ${f.maxConnections?.attempted} kept open, ${f.maxConnections?.timedOutWith408} then 408`,
  shutdown: (f) =>
    `shutdown: SIGTERM under ${f.connections} connections: ${f.written} requests written, ${f.answered} answered (${statuses(f.byStatus)}), ${f.resetAfterWritten} reset, ${f.hungAfterWritten} hung, ${f.refusedBeforeSent} refused before sending; ${f.writtenWhileDraining} sent while draining, ${f.answeredWithoutCloseWhileDraining} of them without Connection: close; exit ${f.exitCode} after ${f.shutdownMs} ms`,
  logs: (f) =>
    `logs: ${['trace', 'info']
      .filter((level) => f[level])
      .map((level) => `${level}: ${f[level].linesScanned} lines after ${f[level].requests} requests`)
      .join(', ')}; no secret, Authorization value or body marker printed`,
  authTiming: (f) =>
    `auth timing: wrong secret ${f.timing?.wrongSecretMedianUs} µs vs unknown AppKey ${f.timing?.unknownAppKeyMedianUs} µs (medians of ${f.timing?.measuredEach} each; difference ${f.timing?.differenceUs} µs, paired ${f.timing?.pairedDifferenceMedianUs} µs, bound ${f.timing?.boundUs} µs); AUTH_FAILURES_PER_MINUTE=${f.failureLimit?.limit}: 6th failure → ${f.failureLimit?.sixthStatus} (Retry-After ${f.failureLimit?.retryAfterSeconds} s), correct credentials then → ${f.failureLimit?.correctCredentialsThen}`,
  corsBrowser: (f) =>
    `CORS in Chromium: another origin pushes/recalls/recalls again → ${f.allOrigins?.push}/${f.allOrigins?.recall}/${f.allOrigins?.recallAgain}; with CORS_ORIGINS, a third origin rejected: ${f.oneOrigin?.thirdOriginFetchRejected}, the named origin → ${(f.oneOrigin?.namedOrigin ?? []).join('/')}; ${f.blockedRequests} outside requests blocked`,
};

for (const [key, value] of Object.entries(figures)) {
  const line = lines[key];
  console.log(line ? line(value) : `${key}: ${JSON.stringify(value)}`);
}

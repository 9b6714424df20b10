// Adds `x-codeSamples` (curl, TypeScript and Python) to every operation from the runnable files
// in `../code-samples/<operationId>.{sh,ts,py}`, so the docs show samples the tests compile and run.
import { existsSync, readFileSync } from 'node:fs';

const LANGUAGES = [
  { extension: 'sh', lang: 'Shell', label: 'curl' },
  { extension: 'ts', lang: 'TypeScript', label: 'TypeScript' },
  { extension: 'py', lang: 'Python', label: 'Python' },
];

const sampleUrl = (operationId, extension) => new URL(`../code-samples/${operationId}.${extension}`, import.meta.url);

export function codeSamples() {
  return {
    Operation: {
      leave(operation, ctx) {
        const id = operation.operationId;
        if (!id) return; // operation-operationId (lint) reports it
        const samples = [];
        for (const { extension, lang, label } of LANGUAGES) {
          const url = sampleUrl(id, extension);
          if (!existsSync(url)) {
            ctx.report({
              message: `No ${label} code sample for "${id}": add spec/code-samples/${id}.${extension}.`,
              location: ctx.location.child('operationId'),
            });
            continue;
          }
          samples.push({ lang, label, source: readFileSync(url, 'utf8').trimEnd() + '\n' });
        }
        operation['x-codeSamples'] = samples;
      },
    },
  };
}

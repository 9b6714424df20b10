// Redocly plugin of this spec. Decorators run at bundle time, so the published bundle (and
// everything built from it: docs, types, servers) carries what they derive.
import { errorCodeTable } from './error-code-table.js';
import { codeSamples } from './code-samples.js';

export default function pushApiPlugin() {
  return {
    id: 'push-api',
    decorators: {
      oas3: {
        'error-code-table': errorCodeTable,
        'code-samples': codeSamples,
      },
    },
  };
}

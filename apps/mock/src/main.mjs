#!/usr/bin/env node
// `pnpm mock`: the Prism mock of the Push API on 127.0.0.1:4010 (MOCK_HOST / MOCK_PORT).
import { startPrism, specPath } from './prism.mjs';

const host = process.env.MOCK_HOST ?? '127.0.0.1';
const port = Number(process.env.MOCK_PORT ?? 4010);
const prism = await startPrism({ host, port, errors: true, stdio: 'inherit' });
console.log(`\nPush API mock (Prism) on ${prism.url}, serving ${specPath}`);
console.log(
  `Try: curl -i -X DELETE ${prism.url}/v4/push/withdraw/1828256757 -u c96f42e0d2e662e45d035ab1:df4d59e84eac2f9d53b36f12 -H 'Prefer: code=400, example=msgIdWithdrawn'\n`,
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => prism.close().then(() => process.exit(0)));
}

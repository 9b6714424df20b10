// The build's generators (scripts/lib/site.mjs), on the bundled spec and on small inputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGIONS } from '@push-api/client';
import { describe, expect, test } from 'vitest';
import {
  expandPlaceholders,
  patchReferenceHtml,
  renderErrorTable,
  renderExamplesTable,
  renderMarkdown,
  renderLiveRecallPanel,
  renderRegionsTable,
  rewriteHref,
  sampleReader,
  slugify,
} from '../scripts/lib/site.mjs';
import { errorCodes, spec } from './helpers.js';
import { appDir } from './paths.js';

describe('tables generated from the spec', () => {
  test('the error table has a row per code, and one per exact message of a shared code', () => {
    const rows = renderErrorTable().split('\n').slice(2);
    const messages = errorCodes.flatMap((entry) => [entry.message, ...Object.values(entry.messages)]);
    expect(rows).toHaveLength(messages.length);
    messages.forEach((message, index) => expect(rows[index]).toContain(`\`${message}\``));
    // The recall cases are named by the spec's example summaries.
    expect(renderErrorTable()).toContain('Already recalled (`msgIdWithdrawn`)');
    // The compact variant of the reference's front page drops the explanations.
    expect(renderErrorTable({ details: false }).split('\n')[0]).toBe('| Code | HTTP | Message (exact text) |');
  });

  test('the regions table pairs the client regions with the spec servers, and lists the local ones', () => {
    const table = renderRegionsTable(spec, REGIONS);
    for (const [region, url] of Object.entries(REGIONS)) expect(table).toContain(`| \`'${region}'\` | \`${url}\` |`);
    expect(table).toContain('| use `baseUrl` | `http://127.0.0.1:8080` |');
    expect(() => renderRegionsTable(spec, { mars: 'https://pushapi-mars.engagelab.com' })).toThrow(/not among the spec's servers/);
  });

  test('the examples table lists each declared response of each operation with its example names', () => {
    const table = renderExamplesTable();
    expect(table).toContain(
      '| `DELETE /v4/push/withdraw/{msg_id}` (withdrawMessage) | `code=400` | `msgIdNotExist`, `msgIdWithdrawn`, `msgIdExpired`, `msgIdNotNumeric` |',
    );
    expect(table).toContain('| `POST /v4/push` (createPush) | `code=200` | `accepted` |');
  });
});

describe('guides', () => {
  const context = {
    spec,
    regions: REGIONS,
    readSample: (file: string) => `echo ${file}\n`,
    readDocsSample: (file: string) => `// ${file}\n`,
  };

  test('placeholders are replaced; an unknown one fails the build', () => {
    const out = expandPlaceholders('a\n<!-- sample: createPush.sh -->\n<!-- error-table -->\n', context);
    expect(out).toContain('```sh\necho createPush.sh\n```');
    expect(out).toContain('| **21003** | 400 |');
    expect(() => expandPlaceholders('<!-- error-tabel -->', context)).toThrow(/Unknown placeholder/);
  });

  test('a docs sample is a file of apps/docs/samples, verbatim; a missing one fails the build', () => {
    expect(expandPlaceholders('<!-- docs-sample: recall-flow.test.ts -->', context)).toBe('```ts\n// recall-flow.test.ts\n```');
    const real = { ...context, readDocsSample: sampleReader(join(appDir, 'samples'), 'docs-sample') };
    const source = readFileSync(join(appDir, 'samples', 'recall-button.stories.ts'), 'utf8').trimEnd();
    expect(expandPlaceholders('<!-- docs-sample: recall-button.stories.ts -->', real)).toBe(`\`\`\`ts\n${source}\n\`\`\``);
    expect(() => expandPlaceholders('<!-- docs-sample: no-such-file.ts -->', real)).toThrow(/docs-sample: no-such-file\.ts .*there is no/);
  });

  test('the live-recall placeholder is the panel (hidden until its script runs), a noscript line and the script', () => {
    const panel = renderLiveRecallPanel();
    expect(expandPlaceholders('<!-- live-recall -->', context)).toBe(panel);
    expect(panel).not.toMatch(/\n\s*\n/); // one HTML block: Markdown leaves it as it is
    expect(panel).toMatch(/^<div class="live-recall" data-live-recall hidden>/);
    const labels = [...panel.matchAll(/<button type="button" data-action="[\w-]+"[^>]*>([^<]+)<\/button>/g)].map((match) => match[1]);
    expect(labels).toEqual(['Push', 'Recall', 'Recall again', 'Move the clock a day', 'Reset']);
    expect(panel).toContain('<noscript>');
    expect(panel).toMatch(/<script src="live-recall\.js" defer><\/script>$/);
    const { html } = renderMarkdown(`# T\n\n## Try it\n\nText.\n\n${panel}\n\nMore.\n`);
    expect(html).toContain(panel);
  });

  test('links to guides become .html links; other links are kept', () => {
    expect(rewriteHref('recall.md')).toBe('recall.html');
    expect(rewriteHref('recall.md#every-error-code')).toBe('recall.html#every-error-code');
    expect(rewriteHref('../index.html')).toBe('../index.html');
    expect(rewriteHref('https://example.com/a.md')).toBe('https://example.com/a.md');
    expect(rewriteHref('#x.md')).toBe('#x.md');
  });

  test('headings get unique ids; the title and sections are reported', () => {
    const { html, title, sections } = renderMarkdown('# Quick start\n\n## 1. Start the `server`\n\n## Next\n\n## Next\n\n[r](recall.md)\n');
    expect(title).toBe('Quick start');
    expect(sections.map((section: { id: string }) => section.id)).toEqual(['1-start-the-server', 'next', 'next-1']);
    expect(html).toContain('<h2 id="1-start-the-server">1. Start the <code>server</code>');
    expect(html).toContain('<a href="recall.html">r</a>');
    expect(slugify('Recall semantics & “errors”')).toBe('recall-semantics-errors');
  });

  test('code is escaped, tables are wrapped to scroll', () => {
    const { html } = renderMarkdown('# T\n\n```ts\nif (a < b && c) {}\n```\n\n| a |\n|---|\n| 1 |\n');
    expect(html).toContain('if (a &lt; b &amp;&amp; c) {}');
    expect(html).toContain('<div class="table"><table>');
  });
});

describe('the reference page patch', () => {
  const page = (markup: string) =>
    `<html><head><title>t</title></head><body>\n<div id="redoc">${markup}</div><script type="module">const logo = \`https://cdn.redoc.ly/redoc/logo-mini.svg\`; const x = '<a href="/keep">';</script></body></html>`;

  test('swaps the CDN logo, makes menu links hash routes, adds the nav bar', () => {
    const out = patchReferenceHtml(page('<a class="m" href="/">A</a><a href="/push">P</a><a href="https://x.y/">X</a>'));
    expect(out).not.toContain('cdn.redoc.ly');
    expect(out).toContain('data:image/svg+xml,');
    expect(out).toContain('<a class="m" href="#/">A</a><a href="#/push">P</a><a href="https://x.y/">X</a>');
    expect(out).toContain(`'<a href="/keep">'`); // scripts are left alone
    expect(out).toContain('<nav class="site-nav"');
    expect(out).toContain('href="guides/quick-start.html"');
  });

  test('fails loudly when Redoc changes what it loads', () => {
    expect(() =>
      patchReferenceHtml('<html><head></head><body><div id="redoc"></div><script type="module"></script></body></html>'),
    ).toThrow(/CDN logo/);
  });
});

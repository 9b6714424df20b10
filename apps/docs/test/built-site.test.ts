// The built files themselves, without a browser: every page's relative links resolve to a
// file of dist/, nothing is loaded from elsewhere, and the generated parts match the spec.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { GUIDES } from '../scripts/lib/site.mjs';
import { OPERATIONS } from '@push-api/types';
import { errorCodes, operations, spec } from './helpers.js';
import { appDir, distDir, samplesDir } from './paths.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const pages = listFiles(distDir).filter((file) => file.endsWith('.html'));
const read = (file: string) => readFileSync(file, 'utf8');

/**
 * The HTML a page ships, without its scripts' code (Redoc's bundle holds URL-like strings
 * that are not links). Redoc's server-rendered markup, which links live in, is kept.
 */
const markupOf = (html: string) => html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');

/** href/src attribute values of a page's markup. */
const linksOf = (html: string) => [...markupOf(html).matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]!);

const idsOf = (html: string) => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));

describe('dist/', () => {
  test('holds the reference, every guide, the guides index and the bundled spec', () => {
    const files = listFiles(distDir).map((file) => relative(distDir, file));
    expect(files).toEqual(
      expect.arrayContaining([
        'index.html',
        'openapi.yaml',
        'openapi.json',
        'favicon.svg',
        'guides/index.html',
        'guides/live-recall.js',
        ...GUIDES.map((guide) => `guides/${guide.slug}.html`),
      ]),
    );
    expect(JSON.parse(read(join(distDir, 'openapi.json')))).toEqual(spec);
  });

  test.each(pages.map((page) => [relative(distDir, page), page]))(
    '%s: every relative link resolves to a file of the site',
    (_name, page) => {
      const html = read(page);
      const links = linksOf(html);
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        if (/^(https?:|mailto:)/.test(link)) {
          // Links to other sites are fine to click, never loaded (checked below).
          continue;
        }
        if (link.startsWith('data:')) continue;
        expect(link.startsWith('/'), `${link}: absolute paths break under /docs/`).toBe(false);
        if (link.startsWith('#')) {
          // Redoc's routes (#/…) live in the page's script; a guide's anchors must exist.
          if (!link.startsWith('#/')) expect(idsOf(html).has(decodeURIComponent(link.slice(1))), `${link} on ${_name}`).toBe(true);
          continue;
        }
        const [path, hash] = link.split('#') as [string, string | undefined];
        const target = resolve(dirname(page), decodeURIComponent(path.split('?')[0]!));
        expect(target.startsWith(distDir), `${link} leaves the site`).toBe(true);
        const file = existsSync(target) && statSync(target).isDirectory() ? join(target, 'index.html') : target;
        expect(existsSync(file), `${link} (from ${_name}) → ${relative(distDir, file)}`).toBe(true);
        if (hash && !hash.startsWith('/') && file.endsWith('.html')) {
          expect(idsOf(read(file)).has(decodeURIComponent(hash)), `${link}: no id "${hash}" in ${relative(distDir, file)}`).toBe(true);
        }
      }
    },
  );

  test.each(pages.map((page) => [relative(distDir, page), page]))('%s: loads nothing from another site', (_name, page) => {
    const markup = markupOf(read(page));
    // No external script, stylesheet, image, font, frame or preload.
    expect(markup).not.toMatch(/<(script|img|iframe|source|video|audio|embed)\b[^>]*\ssrc="(https?:)?\/\//i);
    expect(markup).not.toMatch(/<link\b[^>]*\shref="(https?:)?\/\//i);
    expect(markup).not.toMatch(/@import\s+(url\()?["']?(https?:)?\/\//i);
    expect(markup).not.toMatch(/url\(["']?(https?:)?\/\//i);
  });

  test('the reference inlines Redoc and carries no CDN address', () => {
    const html = read(join(distDir, 'index.html'));
    expect(html).not.toMatch(/<script\b[^>]*\ssrc=/i);
    expect(html).not.toContain('cdn.redoc.ly');
    expect(html).not.toContain('fonts.googleapis.com');
    expect(html).toContain('hydrate(__redoc_definition');
    for (const operation of operations) expect(html).toContain(`"operationId":"${operation.operationId}"`);
  });

  test('the guides load no script but the recall guide, which loads the live panel: a classic script of the site', () => {
    const scriptsOf = (html: string) => [...html.matchAll(/<script\b[^>]*>[\s\S]*?<\/script>/g)].map((match) => match[0]);
    for (const page of pages.filter((file) => file.includes(join('dist', 'guides')))) {
      const scripts = scriptsOf(read(page));
      if (page.endsWith(join('guides', 'recall.html'))) expect(scripts).toEqual(['<script src="live-recall.js" defer></script>']);
      else expect(scripts, relative(distDir, page)).toEqual([]);
    }
    // Classic, not a module (a module script is refused from file://): it parses as a script
    // (an `import` or `export` statement would not), imports nothing at run time, and loads with
    // only what a browser has (no require, process or Buffer).
    const bundle = read(join(distDir, 'guides', 'live-recall.js'));
    const script = new Script(bundle, { filename: 'live-recall.js' });
    expect(bundle).not.toMatch(/\bimport\(/);
    expect(bundle).not.toContain('node:');
    const web = { TextEncoder, TextDecoder, URL, Headers, Request, Response, crypto, atob, btoa, setTimeout, clearTimeout };
    const panels: string[] = [];
    script.runInNewContext({ ...web, document: { querySelectorAll: (selector: string) => (panels.push(selector), []) } });
    expect(panels).toEqual(['[data-live-recall]']);
  });

  test('the error table of the recall guide lists every code of the catalogue with its status and messages', () => {
    const html = read(join(distDir, 'guides', 'recall.html'));
    const table = html.slice(
      html.indexOf('<table>', html.indexOf('id="every-error-code"')),
      html.indexOf('</table>', html.indexOf('id="every-error-code"')),
    );
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
        cell[1]!
          .replace(/<[^>]+>/g, '')
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"')
          .trim(),
      ),
    );
    expect(rows[0]).toEqual(['Code', 'HTTP', 'Message (exact text)', 'When']);
    const body = rows.slice(1);
    const expected = errorCodes.flatMap((entry) => [
      [String(entry.code), String(entry.status), entry.message],
      ...Object.values(entry.messages).map((message) => [String(entry.code), String(entry.status), message]),
    ]);
    expect(body.map((row) => row.slice(0, 3))).toEqual(expected);
  });

  test('the regions table of the client guide lists every data centre of the spec', () => {
    const html = read(join(distDir, 'guides', 'client.html')).replace(/&#39;/g, "'");
    for (const server of spec.servers) {
      expect(html).toContain(`<code>${server.url}</code>`);
    }
    expect(html).toContain("<code>'sgp'</code>");
  });

  test('the mock guide lists every response an operation declares, with its examples', () => {
    const html = read(join(distDir, 'guides', 'mock.html'));
    for (const operation of Object.values(OPERATIONS)) {
      for (const status of Object.keys(operation.responses)) {
        expect(html).toContain(`<code>code=${status}</code>`);
      }
    }
    for (const name of Object.keys(OPERATIONS.withdrawMessage.responses[400].examples)) {
      expect(html).toContain(`<code>${name}</code>`);
    }
  });

  const unescape = (text: string) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  const codeBlocks = (html: string) => [...html.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((match) => unescape(match[1]!));

  test('the quick start shows the code samples verbatim', () => {
    const blocks = codeBlocks(read(join(distDir, 'guides', 'quick-start.html')));
    for (const file of ['createPush.sh', 'withdrawMessage.sh', 'withdrawMessage.ts']) {
      const source = readFileSync(join(samplesDir, file), 'utf8').trimEnd();
      expect(blocks, file).toContain(source);
    }
  });

  test('the mock guide shows the vitest and Storybook samples verbatim (the files the tests run)', () => {
    const blocks = codeBlocks(read(join(distDir, 'guides', 'mock.html')));
    for (const file of ['recall-flow.test.ts', 'recall-button.stories.ts']) {
      expect(blocks, file).toContain(readFileSync(join(appDir, 'samples', file), 'utf8').trimEnd());
    }
  });
});

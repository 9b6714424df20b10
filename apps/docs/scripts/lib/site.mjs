// The pieces of the docs site that are not Redoc: the guide pages (Markdown → HTML in a
// self-contained template), the tables generated from the bundled spec, and the patches that
// make Redoc's page work offline and under any path prefix (`/` or `/docs/`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Marked } from 'marked';
import { ERROR_CODES, ERROR_MESSAGES, LIMITS, OPERATIONS } from '@push-api/types';

/** The guides, in reading order; `guides/<slug>.md` → `guides/<slug>.html`. */
export const GUIDES = [
  { slug: 'quick-start', title: 'Quick start', blurb: 'Start the server, find your credentials, push and recall (curl and TypeScript).' },
  { slug: 'recall', title: 'Recall semantics', blurb: 'The one-day window, no duplicates, what a recall does, every error code.' },
  {
    slug: 'mock',
    title: 'Mocking for frontend work',
    blurb: 'Three ways: the Prism mock, the stateful mock, and the fake in your tests and stories (MSW, Storybook).',
  },
  { slug: 'client', title: 'The TypeScript client', blurb: 'Options, errors, retries, timeouts and regions of @push-api/client.' },
  {
    slug: 'guarantees',
    title: 'Guarantees',
    blurb: 'What the server promises (durability, atomicity, limits, timeouts, logs) and the test behind each.',
  },
  {
    slug: 'production',
    title: 'Running in production',
    blurb: 'Every core of one machine (WORKERS), many machines on PostgreSQL and Redis, retention.',
  },
  { slug: 'changelog', title: 'Changelog', blurb: 'What each release changed in the API: breaking changes and additions.' },
];

export const SITE_TITLE = 'Push API docs';

/** The site's icon (dist/favicon.svg); linked from every page, so no browser asks for /favicon.ico. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#13233a"/><path d="M9 20.5V11h5.2a4 4 0 0 1 0 8H11.6" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/><circle cx="22.5" cy="20.5" r="2.6" fill="#5aa9f0"/></svg>\n';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** GitHub-style heading ids: lower case, punctuation dropped, spaces to dashes. */
export const slugify = (text) =>
  String(text)
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z#0-9]+;/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
const code = (text) => `\`${String(text).replace(/\|/g, '\\|')}\``;

/** Summaries of named response examples (`msgIdWithdrawn` → "Already recalled"), from the operations map. */
function exampleSummaries() {
  const summaries = {};
  for (const operation of Object.values(OPERATIONS)) {
    for (const response of Object.values(operation.responses)) {
      for (const [name, example] of Object.entries(response.examples)) {
        if (example.summary && !summaries[name]) summaries[name] = example.summary;
      }
    }
  }
  return summaries;
}

/**
 * The error table of the guides, generated from the catalogue: every code with its HTTP
 * status and the exact message the API sends, plus the exact texts of its particular cases
 * (the recall failures of 21003, among others).
 */
export function renderErrorTable({ details = true } = {}) {
  const summaries = exampleSummaries();
  const rows = details
    ? ['| Code | HTTP | Message (exact text) | When |', '|---|---|---|---|']
    : ['| Code | HTTP | Message (exact text) |', '|---|---|---|'];
  const row = (...cells) => `| ${(details ? cells : cells.slice(0, 3)).join(' | ')} |`;
  for (const entry of ERROR_CODES) {
    rows.push(row(`**${entry.code}**`, entry.status, code(entry.message), cell(entry.description || entry.summary)));
    for (const name of entry.messages) {
      rows.push(row(entry.code, entry.status, code(ERROR_MESSAGES[name]), `${cell(summaries[name] ?? name)} (\`${name}\`)`));
    }
  }
  return rows.join('\n');
}

/** The data centres: the client's `region` names with the spec's `servers`. */
export function renderRegionsTable(spec, regions) {
  const servers = new Map((spec.servers ?? []).map((server) => [server.url.replace(/\/$/, ''), server.description ?? '']));
  const rows = ['| `region` | Base URL | Data centre |', '|---|---|---|'];
  for (const [region, url] of Object.entries(regions)) {
    if (!servers.has(url)) throw new Error(`Region ${region} (${url}) is not among the spec's servers`);
    rows.push(`| ${code(`'${region}'`)} | ${code(url)} | ${cell(servers.get(url))} |`);
  }
  const known = new Set(Object.values(regions));
  for (const [url, description] of servers) {
    if (!known.has(url)) rows.push(`| use \`baseUrl\` | ${code(url)} | ${cell(description)} |`);
  }
  return rows.join('\n');
}

/** Every operation with its responses and their named examples: what `Prefer` can pick. */
export function renderExamplesTable() {
  const rows = ['| Operation | Status | `example=` (named examples) |', '|---|---|---|'];
  for (const operation of Object.values(OPERATIONS)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      const names = Object.keys(response.examples);
      const examples = names.length ? names.map((name) => `\`${name}\``).join(', ') : '(generated from the schema)';
      rows.push(`| \`${operation.method} ${operation.path}\` (${operation.operationId}) | \`code=${status}\` | ${examples} |`);
    }
  }
  return rows.join('\n');
}

/** The API's limits, from the catalogue's LIMITS and the spec's schema constraints. */
export function renderLimitsTable(spec) {
  const schemas = spec.components.schemas;
  const targets = schemas.AudienceTargets.properties;
  const tags = schemas.TagList;
  const rows = [
    ['`notification` + `message`, serialised as JSON', `${LIMITS.maxPayloadBytes} bytes`, 21005],
    ['the whole request body', `${LIMITS.maxBodyBytes} bytes`, 21005],
    ['JSON nesting of the body', `${LIMITS.maxJsonDepth} levels`, 21003],
    ['`tag`, `tag_and`, `tag_not`', `${tags.maxItems} tags, each ${tags.items['x-max-bytes']} bytes`, 21003],
    ['`alias`', `${targets.alias.maxItems} aliases, each ${targets.alias.items['x-max-bytes']} bytes`, 21003],
    ['`registration_id`', `${targets.registration_id.maxItems} ids`, 21003],
    ['`custom_args`', `${schemas.PushRequest.properties.custom_args['x-max-serialized-length']} characters as JSON`, 21003],
    ['`options.time_to_live`', `${LIMITS.maxTimeToLiveSeconds} s`, 21003],
    ['`options.big_push_duration`', `${LIMITS.maxBigPushDurationMinutes} min`, 23006],
    ['`options.cid`', `\`${LIMITS.cidPattern}\``, 21003],
    ['`msg_id`', `\`${LIMITS.msgIdPattern}\``, 21003],
    ['requests per AppKey', `${LIMITS.rateLimitPerSecond} per second`, 23008],
  ];
  const status = new Map(ERROR_CODES.map((entry) => [entry.code, entry.status]));
  return [
    '| What | At most | Then |',
    '|---|---|---|',
    ...rows.map(([what, limit, errorCode]) => `| ${what} | ${limit} | ${status.get(errorCode)} / ${errorCode} |`),
  ].join('\n');
}

/**
 * Reads the files a placeholder names (`<!-- sample: x -->`, `<!-- docs-sample: x -->`) from
 * `dir`; a file that is not there fails the build, naming the placeholder.
 * @param {string} dir
 * @param {string} placeholder
 * @returns {(file: string) => string}
 */
export function sampleReader(dir, placeholder) {
  return (file) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`<!-- ${placeholder}: ${file} -->: there is no ${path}`);
    return readFileSync(path, 'utf8');
  };
}

/** The live panel's script, beside the guides in dist/guides/ (written by scripts/build.mjs). */
export const LIVE_RECALL_SCRIPT = 'live-recall.js';

/**
 * The live panel of the recall guide: buttons and an empty log, hidden until
 * dist/guides/live-recall.js (src/live-recall.ts, bundled by the build) shows it and runs the
 * API's engine in the page. Without JavaScript, the <noscript> line says where to try the same.
 * One HTML block with no blank line, so Markdown passes it through as it is.
 */
export function renderLiveRecallPanel() {
  const button = (action, label, { disabled = false, secondary = false } = {}) =>
    `<button type="button" data-action="${action}"${secondary ? ' class="lr-secondary"' : ''}${disabled ? ' disabled' : ''}>${escapeHtml(label)}</button>`;
  return [
    '<div class="live-recall" data-live-recall hidden>',
    '<div class="lr-head"><strong>Live, in this page</strong><span class="lr-state" data-state>Loading…</span></div>',
    `<div class="lr-buttons" role="group" aria-label="Try a recall">${[
      button('push', 'Push'),
      button('recall', 'Recall', { disabled: true }),
      button('recall-again', 'Recall again', { disabled: true }),
      button('advance', 'Move the clock a day'),
      button('reset', 'Reset', { secondary: true }),
    ].join('')}</div>`,
    '<ol class="lr-log" data-log role="log" aria-live="polite" aria-label="Answers"></ol>',
    '</div>',
    '<noscript><p class="lr-noscript">The live panel of this section needs JavaScript. The same steps work with curl against the stateful mock: see <a href="mock.html#the-stateful-mock">the mock guide</a>.</p></noscript>',
    `<script src="${LIVE_RECALL_SCRIPT}" defer></script>`,
  ].join('\n');
}

/**
 * Replaces the guides' placeholders: `<!-- error-table -->`, `<!-- regions-table -->`,
 * `<!-- examples-table -->`, `<!-- limits-table -->`,
 * `<!-- sample: createPush.ts -->` (a file of spec/code-samples, as a fenced block),
 * `<!-- docs-sample: recall-flow.test.ts -->` (a file of apps/docs/samples, as a fenced block)
 * and `<!-- live-recall -->` (the recall guide's live panel and its script).
 * @param {string} markdown
 * @param {{ spec: unknown; regions: Record<string, string>; readSample: (file: string) => string; readDocsSample: (file: string) => string }} context
 * @returns {string}
 */
export function expandPlaceholders(markdown, { spec, regions, readSample, readDocsSample }) {
  const fenced = (file, source) => {
    const language = file.endsWith('.ts') ? 'ts' : file.endsWith('.sh') ? 'sh' : '';
    return `\`\`\`${language}\n${source.trimEnd()}\n\`\`\``;
  };
  const expanded = markdown
    .replace(/<!--\s*error-table\s*-->/g, () => renderErrorTable())
    .replace(/<!--\s*regions-table\s*-->/g, () => renderRegionsTable(spec, regions))
    .replace(/<!--\s*examples-table\s*-->/g, () => renderExamplesTable())
    .replace(/<!--\s*limits-table\s*-->/g, () => renderLimitsTable(spec))
    .replace(/<!--\s*live-recall\s*-->/g, () => renderLiveRecallPanel())
    .replace(/<!--\s*sample:\s*([\w.-]+)\s*-->/g, (_, file) => fenced(file, readSample(file)))
    .replace(/<!--\s*docs-sample:\s*([\w.-]+)\s*-->/g, (_, file) => fenced(file, readDocsSample(file)));
  const unknown = expanded.match(/<!--\s*[\w-]+(?::[^>]*)?\s*-->/);
  if (unknown) throw new Error(`Unknown placeholder ${unknown[0]}`);
  return expanded;
}

/** `recall.md#x` → `recall.html#x` for relative links; absolute URLs and anchors are kept. */
export function rewriteHref(href) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('/')) return href;
  return href.replace(/^([^#?]*?)\.md(?=$|[#?])/, '$1.html');
}

/** Markdown → HTML with heading ids; answers the page title (its `#` heading) and its `##` sections. */
export function renderMarkdown(markdown) {
  const sections = [];
  let title;
  const used = new Map();
  const marked = new Marked({
    gfm: true,
    walkTokens(token) {
      if (token.type === 'link') token.href = rewriteHref(token.href);
    },
    renderer: {
      heading({ tokens, depth, text }) {
        const inner = this.parser.parseInline(tokens);
        let id = slugify(text);
        const seen = used.get(id) ?? 0;
        used.set(id, seen + 1);
        if (seen) id = `${id}-${seen}`;
        if (depth === 1 && title === undefined) title = inner.replace(/<[^>]*>/g, '');
        if (depth === 2) sections.push({ id, html: inner });
        const anchor = depth > 1 ? ` <a class="anchor" href="#${id}" aria-label="Link to this section">#</a>` : '';
        return `<h${depth} id="${id}">${inner}${anchor}</h${depth}>\n`;
      },
      code({ text, lang }) {
        const language = (lang ?? '').split(/\s/)[0];
        const label = { sh: 'shell', bash: 'shell', ts: 'TypeScript', json: 'JSON', http: 'HTTP' }[language] ?? language;
        return `<div class="code">${label ? `<span class="lang">${escapeHtml(label)}</span>` : ''}<pre><code${language ? ` class="language-${escapeHtml(language)}"` : ''}>${escapeHtml(text)}</code></pre></div>\n`;
      },
    },
  });
  const html = marked
    .parse(markdown, { async: false })
    .replace(/<table>/g, '<div class="table"><table>')
    .replace(/<\/table>/g, '</table></div>');
  if (!title) throw new Error('A guide needs a "# Title" heading');
  return { html, title, sections };
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0b5cad;--bar:#13233a;--code:#0f1720}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.site-nav{position:sticky;top:0;z-index:10;display:flex;align-items:center;gap:4px;height:48px;padding:0 16px;background:var(--bar);color:#fff;font-size:15px;overflow-x:auto;white-space:nowrap}
.site-nav .brand{font-weight:700;margin-right:14px;color:#fff;text-decoration:none}
.site-nav a.item{color:#c9d6e8;text-decoration:none;padding:6px 10px;border-radius:6px}
.site-nav a.item:hover{background:#ffffff1a;color:#fff}
.site-nav a.item[aria-current=page]{background:#ffffff26;color:#fff}
.layout{display:flex;max-width:1180px;margin:0 auto;gap:40px;padding:0 24px}
.toc{flex:0 0 220px;position:sticky;top:48px;align-self:flex-start;max-height:calc(100vh - 48px);overflow:auto;padding:28px 0;font-size:14px}
.toc h2{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 8px}
.toc ul{list-style:none;margin:0 0 20px;padding:0}
.toc li{margin:2px 0}
.toc a{color:var(--fg);text-decoration:none;display:block;padding:3px 8px;border-radius:6px}
.toc a:hover{background:var(--soft)}
.toc a[aria-current=page]{background:#e7f0fb;color:var(--accent);font-weight:600}
main{flex:1;min-width:0;max-width:820px;padding:24px 0 64px}
main h1{font-size:2.1em;line-height:1.2;margin:.4em 0 .5em}
main h2{font-size:1.5em;margin:1.8em 0 .6em;padding-bottom:.25em;border-bottom:1px solid var(--line)}
main h3{font-size:1.15em;margin:1.5em 0 .5em}
.anchor{visibility:hidden;margin-left:.3em;text-decoration:none;color:var(--muted)}
h2:hover .anchor,h3:hover .anchor{visibility:visible}
code{font:.88em/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:var(--soft);padding:.1em .35em;border-radius:4px}
.code{position:relative;margin:1em 0}
.code .lang{position:absolute;top:6px;right:10px;font-size:11px;color:#9fb0c4;text-transform:uppercase;letter-spacing:.05em}
pre{margin:0;background:var(--code);color:#e6edf3;padding:14px 16px;border-radius:8px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{background:none;padding:0;color:inherit;font-size:13.5px}
.table{overflow-x:auto;margin:1em 0}
table{border-collapse:collapse;font-size:14px;width:100%}
th,td{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}
th{background:var(--soft)}
td code{white-space:normal}
blockquote{margin:1em 0;padding:.5em 1em;border-left:4px solid #9cc3ea;background:#f2f8fd;color:var(--fg)}
blockquote p{margin:.4em 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:14px;padding:0;list-style:none}
.cards a{display:block;height:100%;padding:14px 16px;border:1px solid var(--line);border-radius:8px;text-decoration:none;color:var(--fg)}
.cards a:hover{border-color:var(--accent)}
.cards strong{color:var(--accent)}
.live-recall{margin:1.2em 0;border:1px solid var(--line);border-radius:8px;overflow:hidden}
.live-recall[hidden]{display:none}
.lr-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px;padding:10px 14px;background:var(--soft);border-bottom:1px solid var(--line);font-size:14px}
.lr-state{color:var(--muted)}
.lr-buttons{display:flex;flex-wrap:wrap;gap:8px;padding:12px 14px}
.lr-buttons button{font:inherit;font-size:14px;line-height:1.4;padding:6px 14px;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
.lr-buttons button.lr-secondary{background:var(--bg);color:var(--accent)}
.lr-buttons button:hover:not(:disabled){filter:brightness(1.12)}
.lr-buttons button:focus-visible{outline:3px solid #9cc3ea;outline-offset:1px}
.lr-buttons button:disabled{opacity:.45;cursor:default}
.lr-log{list-style:none;margin:0;padding:0 14px;max-height:520px;overflow:auto}
.lr-log:not(:empty){padding-bottom:12px}
.lr-entry,.lr-note{margin:10px 0 0}
.lr-line{display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px;margin-bottom:4px;font-size:14px}
.lr-status{font-weight:600;font-size:13px;padding:1px 9px;border-radius:999px}
.lr-ok .lr-status{background:#dafbe1;color:#116329}
.lr-fail .lr-status{background:#ffebe9;color:#a40e26}
.lr-body{padding:8px 12px;border-radius:6px}
.lr-body code{font-size:13px}
.lr-note{font-size:14px;color:var(--muted)}
footer{margin-top:48px;padding-top:16px;border-top:1px solid var(--line);color:var(--muted);font-size:13px}
@media (max-width:860px){.layout{display:block}.toc{position:static;max-height:none;padding:16px 0 0}}
`;

/** The bar on top of every page; `root` is the relative way back to the site root ('' or '../'). */
export function navBar({ root, current }) {
  const items = [
    { href: `${root}index.html`, label: 'API reference', id: 'reference' },
    ...GUIDES.map((g) => ({ href: `${root}guides/${g.slug}.html`, label: g.title, id: g.slug })),
  ];
  const links = items
    .map((item) => `<a class="item" href="${item.href}"${item.id === current ? ' aria-current="page"' : ''}>${escapeHtml(item.label)}</a>`)
    .join('');
  return `<nav class="site-nav" aria-label="Site"><a class="brand" href="${root}index.html">${SITE_TITLE}</a>${links}</nav>`;
}

/** A guide page (or the guides index): self-contained, no external resources, relative links only. */
export function guidePage({ title, html, sections = [], current, version }) {
  const root = '../';
  const pages = GUIDES.map(
    (g) => `<li><a href="${g.slug}.html"${g.slug === current ? ' aria-current="page"' : ''}>${escapeHtml(g.title)}</a></li>`,
  ).join('');
  const onThisPage = sections.length
    ? `<h2>On this page</h2><ul>${sections.map((s) => `<li><a href="#${s.id}">${s.html}</a></li>`).join('')}</ul>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${SITE_TITLE}</title>
<link rel="icon" href="${root}favicon.svg" type="image/svg+xml">
<style>${CSS}</style>
</head>
<body>
${navBar({ root, current })}
<div class="layout">
<aside class="toc" aria-label="Guides"><h2>Guides</h2><ul>${pages}<li><a href="${root}index.html">API reference</a></li></ul>${onThisPage}</aside>
<main>
${html}
<footer>Generated from the OpenAPI spec (version ${escapeHtml(version)}) by <code>pnpm --filter @push-api/docs build</code>. Edit the guide in <code>apps/docs/guides/</code>.</footer>
</main>
</div>
</body>
</html>
`;
}

/** The Markdown of the guides index page. */
export function guidesIndexMarkdown() {
  const cards = GUIDES.map(
    (g) => `<li><a href="${g.slug}.html"><strong>${escapeHtml(g.title)}</strong><br>${escapeHtml(g.blurb)}</a></li>`,
  ).join('\n');
  return `# Guides\n\nHow to run, call and build on the Push API of this project. The [API reference](../index.html) lists every operation, field and example.\n\n<ul class="cards">\n${cards}\n</ul>\n`;
}

/** What the build adds to the spec's `info.description` on the reference page. */
export function referenceIntroMarkdown() {
  const guides = GUIDES.map((g) => `- [${g.title}](guides/${g.slug}.html): ${g.blurb}`).join('\n');
  return (
    [
      `## Guides\n\n${guides}`,
      `## Error codes\n\nEvery failure answers \`{"error":{"code":<int>,"message":"<string>"}}\`. The codes and their exact messages, from the spec's \`x-error-codes\` catalogue (what each one means: the \`ErrorCode\` schema, and [recall semantics](guides/recall.html#every-error-code)):`,
      renderErrorTable({ details: false }),
    ].join('\n\n') + '\n'
  );
}

const REDOC_LOGO_URL = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
// A local stand-in for the "API docs by Redocly" badge, which Redoc loads from its CDN.
const LOCAL_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="44" height="16" viewBox="0 0 44 16"><text x="0" y="12" font-family="system-ui,sans-serif" font-size="12" font-weight="600" fill="#0044d4">Redoc</text></svg>',
)}`;

/**
 * Long lines of Redoc's code blocks (the request samples, the response samples, code in the
 * descriptions) wrap instead of scrolling out of sight. Redoc's own rule is
 * `.<class>.<class> pre{white-space:var(--code-wrap, pre)}`; `#redoc` outranks it.
 */
export const REDOC_CODE_CSS =
  '#redoc :is([data-component-name="CodeBlock/CodeBlock"],[data-component-name="Markdown/Markdown"]) pre{white-space:pre-wrap;overflow-wrap:anywhere}';

/**
 * Makes the page Redoc built work offline and under any prefix:
 * - the Redocly badge image comes from a data: URL instead of the CDN;
 * - the server-rendered menu links (`href="/push"`) become hash routes (`#/push`), which is
 *   what Redoc uses in a static page once it runs: absolute paths break under `/docs/`;
 * - the site's nav bar sits on top, and Redoc's own layout is pushed below it;
 * - code blocks wrap long lines (REDOC_CODE_CSS).
 * @param {string} html
 * @returns {string}
 */
export function patchReferenceHtml(html) {
  const logos = html.match(REDOC_LOGO_URL)?.length ?? 0;
  if (logos === 0) throw new Error('Redoc no longer references its CDN logo: check the page for other external resources');
  let out = html.replace(REDOC_LOGO_URL, LOCAL_LOGO);

  const start = out.indexOf('<div id="redoc">');
  const end = out.indexOf('<script type="module">', start);
  if (start < 0 || end < 0) throw new Error('Unexpected Redoc page layout: no <div id="redoc"> before its module script');
  const markup = out.slice(start, end).replace(/(<a\b[^>]*?\shref=")\/(?!\/)/g, '$1#/');
  out = out.slice(0, start) + markup + out.slice(end);

  const style = `<style>${CSS.split('\n')
    .filter((line) => /^(:root|\.site-nav)/.test(line))
    .join('\n')}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.site-nav{font:15px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
${REDOC_CODE_CSS}

</style>`;
  if (!out.includes('</head>') || !out.includes('<body>')) throw new Error('Unexpected Redoc page layout: no </head> or <body>');
  out = out
    .replace('</head>', `<link rel="icon" href="favicon.svg" type="image/svg+xml">\n${style}\n</head>`)
    .replace('<body>', `<body>\n${navBar({ root: '', current: 'reference' })}`);
  return out;
}

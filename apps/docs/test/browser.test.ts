// The built site in a real browser (Chromium via playwright-core), served at `/` (as by
// `pnpm docs`) and under `/docs/` (as by the reference server), and opened from its files with
// the network off. Every request outside the site is blocked and must not happen at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FIRST_MESSAGE_ID } from '@push-api/mock';
import { ERROR_MESSAGES, OPERATIONS } from '@push-api/types';
import { GUIDES } from '../scripts/lib/site.mjs';
import { launchChromium } from '@push-api/test-support/browser';
import { errorCodes, operations, screenshotPath, serveSite, spec, watchedPage, type Site, type Watched } from './helpers.js';
import { distDir, samplesDir } from './paths.js';

let browser: Browser | undefined;
const sites: Record<string, Site> = {};
let watched: Watched | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  sites['/'] = await serveSite('/');
  sites['/docs/'] = await serveSite('/docs/');
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(sites).map((site) => site.close()));
});

/** Opens a page with its requests watched; the afterEach hook asserts nothing went wrong. */
async function open(site: Site | 'file', path: string, { offline = false } = {}): Promise<Page> {
  watched = await watchedPage(browser!, site === 'file' ? 'file://' : site.origin);
  if (offline) await watched.context.setOffline(true);
  const url = site === 'file' ? pathToFileURL(join(distDir, path)).href : site.url + path;
  const response = await watched.page.goto(url, { waitUntil: 'load' });
  if (site !== 'file') expect(response?.status(), url).toBe(200);
  return watched.page;
}

afterEach(async () => {
  if (!watched) return;
  const { external, problems, context } = watched;
  // Let late requests (lazy chunks, images) show up before judging.
  await watched.page.waitForTimeout(300);
  await context.close();
  watched = undefined;
  expect(external, 'requests outside the site').toEqual([]);
  expect(problems, 'console errors, page errors, failed requests').toEqual([]);
});

/** Waits until Redoc has hydrated the page (its sidebar menu is interactive). */
async function redocReady(page: Page): Promise<void> {
  await page.locator('[data-component-name="Menu/Menu"]').first().waitFor();
  await page.getByText('Search', { exact: false }).first().waitFor();
}

const sidebar = (page: Page) => page.locator('[data-component-name="Menu/Menu"]').first();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A section heading of the reference, by its exact text (its accessible name adds a link label). */
const heading = (page: Page, text: string) =>
  page
    .locator(':is(h1,h2,h3,h4)')
    .filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) })
    .first();

/**
 * Activates a control the way a keyboard user does (focus, then Enter). Unlike a mouse click,
 * it does not depend on where the control is drawn or on what overlaps it at that moment.
 */
async function activate(control: Locator): Promise<void> {
  await control.press('Enter');
}

/** Picks an item of a Redoc drop-down menu (an element with role=menuitem) by its label. */
async function pick(page: Page, label: string): Promise<void> {
  await page.getByRole('menuitem', { name: label }).dispatchEvent('click');
}

/**
 * How a code block lays out its lines: its `white-space` and `overflow-wrap`, whether every
 * line fits its width, and whether it would without wrapping (`white-space: pre`, measured for
 * a moment), which tells that the block has a line long enough to prove anything.
 */
async function wrapping(pre: Locator): Promise<{ whiteSpace: string; overflowWrap: string; fits: boolean; fitsUnwrapped: boolean }> {
  return pre.evaluate((element: HTMLElement) => {
    const fits = () => element.scrollWidth <= element.clientWidth;
    const { whiteSpace, overflowWrap } = getComputedStyle(element);
    const wrapped = fits();
    const inline = element.style.whiteSpace;
    element.style.whiteSpace = 'pre';
    const fitsUnwrapped = fits();
    element.style.whiteSpace = inline;
    return { whiteSpace, overflowWrap, fits: wrapped, fitsUnwrapped };
  });
}

/** What `wrapping` answers for a block with a long line that wraps. */
const WRAPS_A_LONG_LINE = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fits: true, fitsUnwrapped: false };

/**
 * Opens an operation by its route, as its menu link would, and waits until the page shows it:
 * its heading, and a request sample that names its method's path. The route is the one of its
 * tag's menu link (read from the page) followed by the lower-cased operationId.
 */
async function openOperation(page: Page, operation: (typeof operations)[number]): Promise<void> {
  const tagRoute = await sidebar(page).getByRole('link', { name: operation.tag, exact: true }).getAttribute('href');
  expect(tagRoute, `the menu link of tag ${operation.tag}`).toMatch(/^#\//);
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `${tagRoute}/${operation.operationId.toLowerCase()}`);
  await heading(page, operation.summary).waitFor();
  await expect
    .poll(() => page.locator('[data-component-name="Panel/Panel"]').filter({ hasText: operation.path }).count())
    .toBeGreaterThan(0);
}

/**
 * Asserts the reference: the error code table on its front page, and every operation of the
 * spec, each opened by its route (Redoc mounts sections lazily, as they come into view).
 */
async function assertReference(page: Page): Promise<void> {
  await redocReady(page);
  await expect.poll(() => page.title()).toContain(spec.info.title);
  const table = page.locator('table').filter({ hasText: 'Message (exact text)' }).first();
  const tableText = await table.innerText();
  for (const entry of errorCodes) {
    expect(tableText).toContain(`${entry.code}\t${entry.status}\t${entry.message}`);
    for (const message of Object.values(entry.messages)) expect(tableText).toContain(message);
  }
  for (const operation of operations) await openOperation(page, operation);
  // Redoc routes with the URL's fragment in a static page: the site's own path is kept.
  expect(new URL(page.url()).hash).toMatch(/^#\//);
}

describe.each(['/', '/docs/'])('the reference, served at %s', (mount) => {
  test('shows the error code table and every operation, each opened by its route', async () => {
    const page = await open(sites[mount]!, '');
    if (mount === '/') {
      await redocReady(page);
      await page.screenshot({ path: screenshotPath('reference.png') });
    }
    await assertReference(page);
    expect(new URL(page.url()).pathname).toBe(new URL(sites[mount]!.url).pathname);
  });

  test('links to every guide, and the guides link back', async () => {
    const page = await open(sites[mount]!, 'index.html');
    await redocReady(page);
    for (const guide of GUIDES) {
      await activate(page.locator('nav.site-nav').getByRole('link', { name: guide.title, exact: true }));
      await page.waitForURL(`${sites[mount]!.url}guides/${guide.slug}.html`);
      await page.locator('main h1').waitFor();
      await activate(page.locator('nav.site-nav').getByRole('link', { name: 'API reference', exact: true }));
      await page.waitForURL(`${sites[mount]!.url}index.html`);
      await redocReady(page);
    }
    // The links in the front page's own text (its "Guides" section) resolve as well.
    const hrefs = await page.locator('#redoc a[href*="guides/"]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThanOrEqual(GUIDES.length);
    for (const href of hrefs) expect((await page.request.get(href)).status(), href).toBe(200);
  });
});

describe('the withdraw operation', () => {
  const withdraw = operations.find((operation) => operation.operationId === 'withdrawMessage')!;
  const { parameters, responses } = OPERATIONS.withdrawMessage;

  test('shows its parameter, its 200 and 400 examples, and its curl, TypeScript and Python samples, wrapped', async () => {
    const page = await open(sites['/docs/']!, '');
    await redocReady(page);
    await openOperation(page, withdraw);

    // The path parameter.
    const body = () => page.locator('#redoc').innerText();
    expect(await body()).toMatch(/Path\s+msg_id\s+string/);
    expect(await body()).toContain(parameters[0].description.split('\n')[0]!.replace(/`/g, ''));
    expect(await body()).toContain('^[0-9]{1,20}$');

    // The code samples: curl first, then TypeScript, then Python, exactly the files the tests
    // compile and run. Their long lines wrap: none is cut off or scrolled out of sight.
    const samples = page
      .locator('[data-component-name="Panel/Panel"]')
      .filter({ hasText: withdraw.path, has: page.locator('[data-component-name="CodeBlock/CodeBlock"]') })
      .first();
    const code = samples.locator('[data-component-name="CodeBlock/CodeBlock"]').first();
    const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
    const sample = (extension: string) => normalise(readFileSync(join(samplesDir, `withdrawMessage.${extension}`), 'utf8'));
    await expect.poll(async () => normalise(await code.innerText())).toBe(sample('sh'));
    expect(await wrapping(code.locator('pre'))).toEqual(WRAPS_A_LONG_LINE);
    await activate(samples.getByRole('button', { name: 'curl' }));
    await pick(page, 'TypeScript');
    await expect.poll(async () => normalise(await code.innerText())).toBe(sample('ts'));
    await activate(samples.getByRole('button', { name: 'TypeScript' }));
    await pick(page, 'Python');
    await expect.poll(async () => normalise(await code.innerText())).toBe(sample('py'));
    expect(await wrapping(code.locator('pre'))).toEqual(WRAPS_A_LONG_LINE);
    // The responses: 200, then every named 400 example (the panel mounts when scrolled to).
    await heading(page, 'Responses').scrollIntoViewIfNeeded();
    const panel = page
      .locator('[data-component-name="Panel/Panel"]')
      .filter({ has: page.getByRole('button', { name: '400', exact: true }) })
      .first();
    const ok = responses[200].examples.withdrawn.value;
    await expect.poll(() => panel.innerText()).toContain(`"msg_id": "${ok.msg_id}"`);
    await activate(page.getByRole('tab', { name: '400' })); // the tab of the middle column; the panel follows
    const examples: { summary: string; value: { error: { code: number; message: string } } }[] = Object.values(responses[400].examples);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => panel.innerText()).toContain(examples[0]!.value.error.message);
    for (const example of examples.slice(1)) {
      await activate(panel.getByRole('button', { name: 'Example' }));
      await pick(page, example.summary);
      await expect.poll(() => panel.innerText()).toContain(example.value.error.message);
      expect(await panel.innerText()).toContain(`"code": ${example.value.error.code}`);
    }

    await page.screenshot({ path: screenshotPath('withdraw.png') });
  });
});

test('search finds "withdraw" and opens the recall operation', async () => {
  const page = await open(sites['/']!, '');
  await redocReady(page);
  // The keyboard way in and out of the search box: Ctrl+K, type, arrow to the first hit, Enter.
  await page.keyboard.press('Control+K');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe('Search docs...');
  await page.keyboard.type('withdraw');
  await page.getByText('Recall a message', { exact: true }).last().waitFor();
  expect(await page.getByText('/v4/push/withdraw/{msg_id}').count()).toBeGreaterThan(0);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.url()).toMatch(/#\/recall\/withdrawmessage/);
  await heading(page, 'Recall a message').waitFor();
});

describe.each(['/', '/docs/'])('the guides, served at %s', (mount) => {
  test.each(GUIDES.map((guide) => [guide.slug, guide] as const))('%s loads and every link on it resolves', async (slug, guide) => {
    const site = sites[mount]!;
    const page = await open(site, `guides/${slug}.html`);
    await expect.poll(() => page.locator('main h1').innerText()).toBe(guide.title);
    expect(await page.title()).toContain(guide.title);
    if (slug === 'quick-start' && mount === '/') await page.screenshot({ path: screenshotPath('quick-start.png'), fullPage: true });

    const links = await page
      .locator('a[href]')
      .evaluateAll((anchors) => anchors.map((a) => ({ raw: a.getAttribute('href')!, href: (a as HTMLAnchorElement).href })));
    expect(links.length).toBeGreaterThan(GUIDES.length);
    const checked = new Set<string>();
    for (const { raw, href } of links) {
      if (/^[a-z]+:/i.test(raw)) continue; // absolute URLs (the docs of other projects) are not loaded
      expect(raw.startsWith('/'), `${raw} must be relative`).toBe(false);
      const url = new URL(href);
      if (url.origin !== site.origin) throw new Error(`${raw} leaves the site`);
      const target = `${url.origin}${url.pathname}`;
      if (!checked.has(target)) {
        checked.add(target);
        expect((await page.request.get(target)).status(), raw).toBe(200);
      }
      // A fragment on a guide page must name an element of that page.
      if (url.hash && url.pathname.includes('/guides/')) {
        const id = decodeURIComponent(url.hash.slice(1));
        const html = await (await page.request.get(target)).text();
        expect(html.includes(`id="${id}"`), `${raw}: no element with id "${id}"`).toBe(true);
      }
    }
  });
});

test('the guides wrap long lines of code instead of cutting them off', async () => {
  const page = await open(sites['/']!, 'guides/quick-start.html');
  await page.setViewportSize({ width: 760, height: 900 }); // a narrow window: the samples' long lines do not fit
  const blocks = await page.locator('main pre').all();
  expect(blocks.length).toBeGreaterThan(0);
  const layouts = await Promise.all(blocks.map(wrapping));
  for (const layout of layouts) expect(layout).toMatchObject({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fits: true });
  expect(layouts.filter((layout) => !layout.fitsUnwrapped).length, 'blocks with a line longer than the page').toBeGreaterThan(0);
});

describe('offline, opened from the built files', () => {
  test('the reference renders every operation and the error code table with the network off', async () => {
    const page = await open('file', 'index.html', { offline: true });
    await assertReference(page);
    for (const operation of operations) {
      await openOperation(page, operation);
    }
  });

  test('a guide renders with the network off, with its generated error table', async () => {
    const page = await open('file', 'guides/recall.html', { offline: true });
    const table = await page.locator('main table').filter({ hasText: 'Message (exact text)' }).innerText();
    for (const entry of errorCodes) {
      expect(table).toContain(`${entry.code}\t${entry.status}`);
      expect(table).toContain(entry.message);
    }
  });
});

/** What the live panel shows of each answer: its status line, its request and its JSON body. */
async function panelAnswers(panel: Locator): Promise<{ status: string; request: string; body: unknown }[]> {
  const answers = await panel.locator('.lr-entry').evaluateAll((entries) =>
    entries.map((entry) => ({
      status: entry.querySelector('.lr-status')?.textContent ?? '',
      request: entry.querySelector('.lr-request')?.textContent ?? '',
      body: entry.querySelector('.lr-body')?.textContent ?? '',
    })),
  );
  return answers.map((answer) => ({ ...answer, body: JSON.parse(answer.body) as unknown }));
}

describe.each(['served under /docs/', 'opened from file:// with the network off'])('the live panel of the recall guide, %s', (how) => {
  test('runs the API in the page: push, recall (200), recall again (has been withdrawn), a day later (expired)', async () => {
    const fromFile = how.includes('file://');
    const page = fromFile
      ? await open('file', 'guides/recall.html', { offline: true })
      : await open(sites['/docs/']!, 'guides/recall.html');
    const panel = page.locator('main [data-live-recall]');
    await panel.waitFor(); // its script shows it
    const button = (name: string) => panel.getByRole('button', { name, exact: true });
    const answered = async (count: number) => {
      await expect.poll(() => panel.locator('.lr-entry').count()).toBe(count);
      return (await panelAnswers(panel)).at(-1)!;
    };
    const withdrawn = { error: { code: 21003, message: ERROR_MESSAGES.msgIdWithdrawn } };
    const expired = { error: { code: 21003, message: ERROR_MESSAGES.msgIdExpired } };
    const second = String(BigInt(FIRST_MESSAGE_ID) + 1n);

    expect(await button('Recall').isDisabled()).toBe(true); // nothing pushed yet
    await button('Push').click();
    expect(await answered(1)).toEqual({ status: '200 OK', request: 'POST /v4/push', body: { request_id: '', msg_id: FIRST_MESSAGE_ID } });
    await expect.poll(() => panel.locator('[data-state]').innerText()).toContain(`Last pushed: ${FIRST_MESSAGE_ID}`);
    await button('Recall').click();
    expect(await answered(2)).toEqual({
      status: '200 OK',
      request: `DELETE /v4/push/withdraw/${FIRST_MESSAGE_ID}`,
      body: { request_id: '', msg_id: FIRST_MESSAGE_ID },
    });
    await button('Recall again').click();
    expect(await answered(3)).toEqual({
      status: '400 Bad Request',
      request: `DELETE /v4/push/withdraw/${FIRST_MESSAGE_ID}`,
      body: withdrawn,
    });
    expect(await panel.locator('.lr-entry').last().innerText()).toContain('has been withdrawn');

    // A newly pushed message, the clock a day on, then its recall: expired.
    await button('Push').click();
    expect((await answered(4)).body).toEqual({ request_id: '', msg_id: second });
    await button('Move the clock a day').click();
    await expect.poll(() => panel.locator('.lr-note').last().innerText()).toContain('moved on one day');
    await button('Recall').click();
    expect(await answered(5)).toEqual({ status: '400 Bad Request', request: `DELETE /v4/push/withdraw/${second}`, body: expired });
    expect(await panel.locator('.lr-entry').last().innerText()).toContain('expired');
    expect(await panel.locator('[data-state]').innerText()).toContain('now + 1 day');

    if (!fromFile) {
      // The section as a reader sees it: its heading, the text and the panel with its answers.
      const clip = await page.evaluate(() => {
        const top = document.getElementById('try-it')!.getBoundingClientRect();
        const bottom = document.querySelector('main [data-live-recall]')!.getBoundingClientRect();
        const main = document.querySelector('main')!.getBoundingClientRect();
        return { x: main.left - 16, y: top.top + window.scrollY - 8, width: main.width + 32, height: bottom.bottom - top.top + 24 };
      });
      await page.screenshot({ path: screenshotPath('live-recall.png'), fullPage: true, clip });
    }

    // Reset: no message, the clock back to now, nothing to recall.
    await button('Reset').click();
    await expect.poll(() => panel.locator('.lr-entry').count()).toBe(0);
    await expect.poll(() => button('Recall').isDisabled()).toBe(true);
    expect(await panel.locator('[data-state]').innerText()).toContain('No message pushed yet');
    await button('Push').click();
    expect((await answered(1)).body).toEqual({ request_id: '', msg_id: FIRST_MESSAGE_ID });
  });
});

test('without JavaScript, the recall guide hides the live panel and says where to try the same', async () => {
  const context = await browser!.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(distDir, 'guides', 'recall.html')).href);
    expect(await page.locator('main [data-live-recall]').isHidden()).toBe(true);
    const note = page.locator('main .lr-noscript');
    expect(await note.innerText()).toContain('needs JavaScript');
    expect(await note.getByRole('link', { name: 'the mock guide' }).getAttribute('href')).toBe('mock.html#the-stateful-mock');
    // The section's text still reads on its own.
    expect(await page.locator('#try-it ~ p').first().innerText()).toContain('Push a notification');
  } finally {
    await context.close();
  }
});

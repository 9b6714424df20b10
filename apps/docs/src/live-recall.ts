// The live panel of the recall guide ("Try it"): the API's own engine, through the fake of
// @push-api/mock, running in the page. Each button sends a request to the fake's `fetch` (no
// server, no network, no service worker) or moves its clock, and the panel shows each answer:
// status and JSON body. scripts/build.mjs bundles this file with esbuild into
// dist/guides/live-recall.js, a classic script (an IIFE), so it runs from file:// too. The
// panel's markup is the `<!-- live-recall -->` placeholder's (scripts/lib/site.mjs), hidden
// until this script shows it.
import { createFakePushApi } from '@push-api/mock';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Only a name for the requests: the fake answers them, nothing is sent. */
const BASE_URL = 'https://pushapi-sgp.engagelab.com';
const PUSH = { to: 'all', body: { platform: 'all', notification: { alert: 'Your order has shipped' } } };
const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
};

type Action = 'push' | 'recall' | 'recall-again' | 'advance' | 'reset';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function start(panel: HTMLElement): void {
  const log = panel.querySelector<HTMLOListElement>('[data-log]');
  const state = panel.querySelector<HTMLElement>('[data-state]');
  const buttons = new Map(
    [...panel.querySelectorAll<HTMLButtonElement>('button[data-action]')].map((button) => [button.dataset.action as Action, button]),
  );
  if (!log || !state || buttons.size !== 5) return; // not the markup this script was built for: leave the page as it is
  panel.hidden = false;
  // The engine checks the credentials with Web Crypto, which browsers give to secure contexts
  // only (https, localhost, files).
  if (typeof crypto === 'undefined' || typeof crypto.subtle === 'undefined') {
    state.textContent = 'This panel needs a secure context (https, localhost or a file): the engine checks credentials with Web Crypto.';
    return;
  }

  const fake = createFakePushApi();
  const authorization = `Basic ${btoa(`${fake.credentials.appKey}:${fake.credentials.masterSecret}`)}`;
  let lastPushed: string | undefined;
  let recallsOfLast = 0;
  let busy = false;

  const refresh = () => {
    const moved = Math.round((fake.clock.now() - Date.now()) / DAY_MS);
    const clock = moved === 0 ? 'clock: now' : `clock: now + ${moved} day${moved === 1 ? '' : 's'}`;
    state.textContent = lastPushed === undefined ? `No message pushed yet · ${clock}` : `Last pushed: ${lastPushed} · ${clock}`;
    for (const [action, button] of buttons) {
      button.disabled =
        busy ||
        (action === 'recall' && lastPushed === undefined) ||
        (action === 'recall-again' && (lastPushed === undefined || recallsOfLast === 0));
    }
  };

  const show = (entry: HTMLLIElement) => {
    log.append(entry);
    log.scrollTop = log.scrollHeight;
  };

  const note = (text: string) => show(element('li', 'lr-note', text));

  const call = async (method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    const headers: Record<string, string> = { authorization };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fake.fetch(`${BASE_URL}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // The body as the API sent it (compact JSON); parsed only to hand the caller its fields.
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
    const entry = element('li', `lr-entry ${response.ok ? 'lr-ok' : 'lr-fail'}`);
    const line = element('div', 'lr-line');
    line.append(
      element('span', 'lr-status', `${response.status} ${STATUS_TEXT[response.status] ?? ''}`.trim()),
      element('code', 'lr-request', `${method} ${path}`),
    );
    const pre = element('pre', 'lr-body');
    pre.append(element('code', '', text));
    entry.append(line, pre);
    show(entry);
    return json;
  };

  const recall = async () => {
    if (lastPushed === undefined) return;
    await call('DELETE', `/v4/push/withdraw/${lastPushed}`);
    recallsOfLast++;
  };

  const actions: Record<Action, () => Promise<void> | void> = {
    push: async () => {
      const answer = await call('POST', '/v4/push', PUSH);
      const msgId = (answer as { msg_id?: unknown }).msg_id;
      if (typeof msgId === 'string') {
        lastPushed = msgId;
        recallsOfLast = 0;
      }
    },
    recall,
    'recall-again': recall,
    advance: () => {
      fake.clock.advance(DAY_MS);
      note('The clock moved on one day (86 400 s). Every message pushed before now is a day old or more.');
    },
    reset: () => {
      fake.reset();
      lastPushed = undefined;
      recallsOfLast = 0;
      log.replaceChildren();
      note('Reset: no messages, the clock back to now.');
    },
  };

  for (const [action, button] of buttons) {
    button.addEventListener('click', () => {
      if (busy) return;
      busy = true;
      refresh();
      void (async () => {
        try {
          await actions[action]();
        } catch (error) {
          note(`The page could not run this: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          busy = false;
          refresh();
        }
      })();
    });
  }
  refresh();
}

for (const panel of document.querySelectorAll<HTMLElement>('[data-live-recall]')) start(panel);

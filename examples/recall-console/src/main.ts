// The recall console: push a notification, recall it (and recall it again), and read every
// answer of the API. Where the requests go, MSW in this page or the reference server, is
// api-target.ts's choice; the rest of the page is the same in both modes.
import './style.css';
import { createPushClient, PushApiError, type PushClient } from '@push-api/client';
import { logAnswer, logNoAnswer } from './answer-log.js';
import { connectApi, type ApiTarget } from './api-target.js';
import { element, required } from './dom.js';
import { addMessage, markRecalled, type PushedMessage } from './messages.js';

const modeNote = required('mode', HTMLParagraphElement);
const secretWarning = required('secret-warning', HTMLParagraphElement);
const appKeyField = required('app-key', HTMLInputElement);
const masterSecretField = required('master-secret', HTMLInputElement);
const pushForm = required('push-form', HTMLFormElement);
const alertField = required('alert', HTMLInputElement);
const pushButton = required('push', HTMLButtonElement);

function describeMode({ mode, baseUrl }: ApiTarget): void {
  modeNote.dataset.mode = mode;
  if (mode === 'msw') {
    modeNote.replaceChildren(
      element('strong', {}, 'MSW mode'),
      ` — the fake Push API (@push-api/mock) answers in this page through MSW's service worker: requests to ${baseUrl} never leave the browser, and the messages are forgotten when the page reloads. Set VITE_PUSH_API_URL to use the reference server instead.`,
    );
  } else {
    modeNote.replaceChildren(
      element('strong', {}, 'Server mode'),
      ` — requests go to ${baseUrl} (VITE_PUSH_API_URL). Type the development app's credentials that \`pnpm start\` printed.`,
    );
    secretWarning.hidden = false;
  }
}

/** A client with the credentials as they are typed now. No retries: each answer is shown as it came. */
function clientFor(target: ApiTarget): PushClient {
  return createPushClient({
    appKey: appKeyField.value.trim(),
    masterSecret: masterSecretField.value.trim(),
    baseUrl: target.baseUrl,
    retries: 0,
    onResponse: logAnswer,
    // A development console: the secret typed in is shown anyway (see the warning above).
    dangerouslyAllowBrowser: true,
  });
}

/** A failed call's entry in the log, unless the API answered it: that answer is logged already. */
function logIfNoAnswer(call: string, error: unknown): void {
  if (!(error instanceof PushApiError)) logNoAnswer(call, error);
}

async function push(target: ApiTarget, alert: string): Promise<void> {
  try {
    const { msg_id: msgId } = await clientFor(target).push({ to: 'all', body: { platform: 'all', notification: { alert } } });
    addMessage({ msgId, alert, pushedAt: new Date() }, (message) => void recall(target, message));
    alertField.value = '';
  } catch (error) {
    logIfNoAnswer('POST /v4/push', error);
  }
}

async function recall(target: ApiTarget, { msgId }: PushedMessage): Promise<void> {
  try {
    await clientFor(target).withdraw(msgId);
    markRecalled(msgId);
  } catch (error) {
    // "Has been withdrawn" is the API's answer to a second recall: recalled all the same.
    if (error instanceof PushApiError && error.isAlreadyWithdrawn) markRecalled(msgId);
    logIfNoAnswer(`DELETE /v4/push/withdraw/${msgId}`, error);
  }
}

async function start(): Promise<void> {
  const target = await connectApi();
  describeMode(target);
  appKeyField.value = target.credentials.appKey;
  masterSecretField.value = target.credentials.masterSecret;
  pushForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void push(target, alertField.value);
  });
  // Enabled only now: in MSW mode, a push sent before the worker runs would go to the real data centre.
  pushButton.disabled = false;
}

start().catch((error: unknown) => {
  modeNote.dataset.mode = 'failed';
  modeNote.replaceChildren(element('strong', {}, 'Not started'), ` — ${error instanceof Error ? error.message : String(error)}`);
});

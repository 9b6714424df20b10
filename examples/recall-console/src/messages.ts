// The table of what was pushed in this session: msg_id, alert, when, whether it was recalled,
// and a Recall button. The button stays after a recall, so the API's answer to a second one
// ("msg_id has been withdrawn") can be seen too.
import { element, required, timeOf } from './dom.js';

export interface PushedMessage {
  /** A string of up to 20 digits: past 2^53, a number would change it. */
  msgId: string;
  alert: string;
  pushedAt: Date;
}

const table = required('messages', HTMLTableElement);
const rows = table.tBodies[0] ?? table.createTBody();
const emptyNote = required('no-messages', HTMLParagraphElement);
/** Each message's row and its state cell's text, by msg_id. */
const shown = new Map<string, { row: HTMLTableRowElement; state: HTMLElement }>();

export function addMessage(message: PushedMessage, recall: (message: PushedMessage) => void): void {
  const state = element('span', { class: 'state' }, 'sent');
  const recallButton = element('button', { type: 'button' }, 'Recall');
  recallButton.addEventListener('click', () => {
    recall(message);
  });
  const row = element('tr', { 'data-msg-id': message.msgId });
  for (const content of [element('code', {}, message.msgId), message.alert, timeOf(message.pushedAt), state, recallButton]) {
    const cell = element('td');
    cell.append(content);
    row.append(cell);
  }
  rows.prepend(row);
  shown.set(message.msgId, { row, state });
  emptyNote.hidden = true;
}

export function markRecalled(msgId: string): void {
  const message = shown.get(msgId);
  if (!message) return;
  message.row.classList.add('recalled');
  message.state.textContent = 'recalled';
}

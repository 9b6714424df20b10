/** The element of index.html with this id, of this type: a missing one fails at start, loudly. */
export function required<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`index.html has no #${id} of type ${type.name}`);
  return found;
}

/** A new element with these attributes and this text (set as text: never parsed as HTML). */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  if (text !== undefined) created.textContent = text;
  return created;
}

/** `<time>` of a moment, shown as the local time of day. */
export function timeOf(moment: Date): HTMLTimeElement {
  return element('time', { datetime: moment.toISOString() }, moment.toLocaleTimeString());
}

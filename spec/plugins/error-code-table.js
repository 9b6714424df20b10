// Renders the `x-error-codes` catalogue of a schema into a Markdown table appended to its
// description, so the docs show the table without it being written twice.
const escape = (text) =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function renderErrorCodeTable(codes) {
  const rows = [];
  for (const entry of codes) {
    rows.push(`| ${entry.code} | ${entry.status} | ${escape(entry.summary)} | ${escape(entry.description)} |`);
    for (const message of Object.values(entry.messages ?? {})) {
      rows.push(`| ${entry.code} | ${entry.status} | | \`${escape(message)}\` |`);
    }
  }
  return ['| Code | HTTP | Meaning | Details |', '|---|---|---|---|', ...rows].join('\n');
}

export function errorCodeTable() {
  return {
    Schema: {
      leave(schema) {
        const codes = schema['x-error-codes'];
        if (!Array.isArray(codes)) return;
        schema.description = `${schema.description ?? ''}\n\n${renderErrorCodeTable(codes)}\n`;
      },
    },
  };
}

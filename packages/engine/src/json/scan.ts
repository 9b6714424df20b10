// Checks JSON text before it is parsed, in one pass and without recursion, for what
// JSON.parse accepts but the API refuses: nesting deeper than the spec's limit (which would
// also make any recursive walk of the value overflow the stack), a key repeated in one
// object (JSON.parse keeps the last, while the text stored keeps both), and the key
// `__proto__`. It does not validate the text: JSON.parse does, afterwards.
//
// Written by hand because the parsers that report duplicate keys build a syntax tree
// recursively, which is the very stack overflow this scan guards against.

export type JsonScanProblem =
  { kind: 'too-deep'; path: string } | { kind: 'duplicate-key'; key: string; path: string } | { kind: 'proto-key'; path: string };

interface Frame {
  /** null for an array. */
  keys: Set<string> | null;
  /** Between `{` or `,` and the next key. */
  expectKey: boolean;
  /** The key or index of the value being read, for error paths. */
  at: string;
}

const WHITESPACE = new Set([0x20, 0x0a, 0x0d, 0x09]);

/**
 * The dotted path of the value being read, e.g. "body.notification" ('' at the top); without
 * the innermost key, the path of the object being read.
 */
function pathOf(stack: readonly Frame[], innermost = true): string {
  return stack
    .slice(1, innermost ? undefined : -1)
    .map((frame) => frame.at)
    .join('.');
}

/** The index of the quote closing the string that starts at `start` (a quote), or -1. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i;
    i += code === 0x5c ? 2 : 1;
  }
  return -1;
}

/** Decodes a key token (with its quotes); a malformed one is left to JSON.parse to report. */
function keyOf(token: string): string {
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return token.slice(1, -1);
  }
}

export function scanJson(text: string, maxDepth: number): JsonScanProblem | null {
  const stack: Frame[] = [{ keys: null, expectKey: false, at: '' }];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (WHITESPACE.has(code)) continue;
    const frame = stack[stack.length - 1];
    if (frame === undefined) return null; // more than one top-level value: JSON.parse refuses it
    switch (code) {
      case 0x7b: // {
      case 0x5b: {
        // [
        if (stack.length > maxDepth) return { kind: 'too-deep', path: pathOf(stack) };
        stack.push({ keys: code === 0x7b ? new Set() : null, expectKey: code === 0x7b, at: code === 0x7b ? '' : '0' });
        break;
      }
      case 0x7d: // }
      case 0x5d: // ]
        stack.pop();
        break;
      case 0x2c: // ,
        if (frame.keys) frame.expectKey = true;
        else frame.at = String(Number(frame.at) + 1);
        break;
      case 0x22: {
        // "
        const end = stringEnd(text, i);
        if (end < 0) return null;
        if (frame.keys && frame.expectKey) {
          const key = keyOf(text.slice(i, end + 1));
          if (key === '__proto__') return { kind: 'proto-key', path: pathOf(stack, false) };
          if (frame.keys.has(key)) return { kind: 'duplicate-key', key, path: pathOf(stack, false) };
          frame.keys.add(key);
          frame.expectKey = false;
          frame.at = key;
        }
        i = end;
        break;
      }
      default:
        // ':', numbers, true, false, null: nothing to track.
        break;
    }
  }
  return null;
}

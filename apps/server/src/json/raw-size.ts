// The size in bytes of the JSON text a parsed body came from, kept on the body (a symbol, not
// enumerable: it is never serialised). Re-serialising a value never makes it longer than the
// text it was parsed from (whitespace goes, escapes stay or shrink, numbers without an exponent
// keep or lose digits), so a body whose text is within a size limit needs no re-serialisation
// to check that limit on any part of it. A number with an exponent can grow (`1e20` becomes 21
// digits): text with a digit followed by `e` or `E` anywhere, even inside a string, is not
// marked, and its limits are checked the long way.
const RAW_BYTES = Symbol('rawBytes');
const MAY_HAVE_EXPONENT = /[0-9][eE]/;

export function markRawBytes(value: unknown, text: string, bytes: number): void {
  if (typeof value !== 'object' || value === null || MAY_HAVE_EXPONENT.test(text)) return;
  Object.defineProperty(value, RAW_BYTES, { value: bytes });
}

/** The byte size of the text `root` was parsed from, when it came from a request body. */
export function rawBytesOf(root: unknown): number | undefined {
  return typeof root === 'object' && root !== null ? (root as { [RAW_BYTES]?: number })[RAW_BYTES] : undefined;
}

// btoa/atob exist in every runtime we support (Node 16+, Workers, Deno, Bun, browsers); Buffer does not.

/** Standard base64 of `bytes` (a few dozen: keys, signatures and ids, so one spread is safe). */
export const encodeBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

/** Bytes of standard base64 `text`; undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

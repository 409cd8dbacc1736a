import { encodeBase64 } from "./base64";
import type { AsyncHmacSha256 } from "./verifier";

const encoder = new TextEncoder();
// One import per key: importKey costs more than the HMAC itself for small bodies.
const importedKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
// Once imported, the key is used directly: awaiting even a settled promise costs a turn on every verification.
const readyKeys = new WeakMap<Uint8Array, CryptoKey>();

function importKey(key: Uint8Array): Promise<CryptoKey> {
  let imported = importedKeys.get(key);
  if (!imported) {
    imported = crypto.subtle.importKey("raw", key as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    imported.then(
      (ready) => readyKeys.set(key, ready),
      () => importedKeys.delete(key),
    );
    importedKeys.set(key, imported);
  }
  return imported;
}

function concat(prefix: string, body: string | Uint8Array): Uint8Array {
  if (typeof body === "string") return encoder.encode(prefix + body);
  const head = encoder.encode(prefix);
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head);
  bytes.set(body, head.length);
  return bytes;
}

/** HMAC-SHA256 on Web Crypto (`crypto.subtle`), available in every runtime core supports. */
export const webCryptoHmac: AsyncHmacSha256 = async (key, [prefix, body]) => {
  const signature = await crypto.subtle.sign(
    "HMAC",
    readyKeys.get(key) ?? (await importKey(key)),
    concat(prefix, body) as BufferSource,
  );
  return encodeBase64(new Uint8Array(signature));
};

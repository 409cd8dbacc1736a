import type { CsvAddressPolicy } from "./csv-addresses";
import type { CsvChunks } from "./csv-chunks";
import { fetchCsv } from "./csv-fetch";
import { type OpenedFileCheck, readCsvFile } from "./csv-file";

/** Where bulk runs may read CSVs from, and how much. */
export interface CsvSourceOptions {
  /** `file:` CSVs are read only inside this folder (symlinks out of it refused); without it, not at all. */
  csvDir?: string | undefined;
  /** The largest CSV read, in bytes; reading stops there. */
  maxBytes: number;
  /** Which addresses http(s) CSVs may come from. */
  addressPolicy: CsvAddressPolicy;
  /** How a `file:` CSV is shown to lie inside `csvDir` once opened. @default the platform's strongest */
  fileCheck?: OpenedFileCheck | undefined;
}

/** The largest input CSV, in bytes. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;

/**
 * Reads the CSV at an http(s) URL, or a `file:` URL inside `csvDir`, stopping at `maxBytes`; `signal` stops
 * it early (the server is shutting down). `onSize` hears the CSV's size as soon as it is known (declared or
 * read), so that memory held for a larger one can be given back. The CSV comes as it was read, chunk by
 * chunk (see `CsvChunks`).
 */
export async function readCsvSource(
  url: string,
  options: CsvSourceOptions,
  signal?: AbortSignal,
  onSize?: (bytes: number) => void,
): Promise<CsvChunks> {
  const parsed = new URL(url);
  if (parsed.protocol === "file:") return readCsvFile(parsed, options, signal, onSize);
  if (parsed.protocol === "http:" || parsed.protocol === "https:") {
    // A timer we own, not AbortSignal.timeout(): on Node 20 that one may never fire (nodejs/node#57736).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error("fetching the CSV took over 30 s")), 30_000);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await fetchCsv(
        parsed,
        { maxBytes: options.maxBytes, policy: options.addressPolicy, onSize },
        controller.signal,
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
  throw new Error(`input_csv_url must be an http(s) or file: URL, received ${parsed.protocol}`);
}

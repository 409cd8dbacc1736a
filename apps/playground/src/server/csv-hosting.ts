import type { Stack } from "../stack";
import type { RequestHandler } from "./http";

/** Input CSVs the page submitted, served at a URL the API fetches (as it would fetch any input_csv_url). */
export interface CsvHosting {
  handle: RequestHandler;
  /** Hosts `csv` and answers its URL under `origin`. */
  host(origin: string, csv: string): string;
}

export function createCsvHosting(): CsvHosting {
  const csvs = new Map<string, string>();
  return {
    handle: (request, response, path) => {
      const csv = request.method === "GET" ? csvs.get(path.replace(/^\/csv\//, "")) : undefined;
      if (csv === undefined) return false;
      response.writeHead(200, { "content-type": "text/csv; charset=utf-8" }).end(csv);
      return true;
    },
    host: (origin, csv) => {
      const name = `bulk-${csvs.size + 1}.csv`;
      csvs.set(name, csv);
      return `${origin}/csv/${name}`;
    },
  };
}

/**
 * Reads a bulk run's output CSV on the server side: with the API key when the URL is the API's own (the key
 * never goes to another origin), without it otherwise (e.g. a signed URL elsewhere).
 */
export async function readOutputCsv(stack: Stack, outputCsvUrl: string): Promise<string> {
  const sameOrigin = new URL(outputCsvUrl).origin === new URL(stack.devServer.url).origin;
  const response = await fetch(outputCsvUrl, {
    headers: sameOrigin ? { "x-api-key": stack.apiKey } : {},
    redirect: "error",
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`reading the output CSV answered ${response.status}`);
  return response.text();
}

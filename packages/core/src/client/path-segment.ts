import { ValidationError } from "../errors/validation-errors";
import { describeReceived } from "../validation/format-issues";

// Characters that would change which resource a path names, even encoded: `/`, `\` (normalised to `/` by
// some servers and proxies), `?`, `#`, `%` (a proxy that decodes twice turns `%2F` into `/`), whitespace
// and control characters (C0, DEL, C1) that servers trim or split on. Leap's ids are `rnp_…`/`bulk_…` words.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN = /[/\\?#%\s\x00-\x1f\x7f-\x9f]/;

/**
 * Checks an id that goes into a URL path as one segment, throwing a ValidationError naming `what`, so that
 * `runs.retrieve("..")` can never read `GET /v1/`; returns it percent-encoded, ready to join into the path.
 */
export function pathSegment(id: unknown, what: string): string {
  const problem =
    typeof id !== "string"
      ? `expected a string, received ${describeReceived(id)}`
      : id === "" || id === "." || id === ".." || FORBIDDEN.test(id)
        ? `expected an id (not "", "." or ".."; no / \\ ? # %, whitespace or control characters), received ${JSON.stringify(id)}`
        : undefined;
  if (problem !== undefined) throw new ValidationError(what, [{ path: "id", message: problem }]);
  return encodeURIComponent(id as string);
}

import { ValidationError } from "../errors/validation-errors";

// Characters that would change which resource a path names, even encoded: `/`, `\` (normalised to `/` by
// some servers and proxies), `?`, `#`, `%` (a proxy that decodes twice turns `%2F` into `/`), whitespace
// and control characters (C0, DEL, C1) that servers trim or split on. Leap's ids are `rnp_…`/`bkr_…` words.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN = /[/\\?#%\s\x00-\x1f\x7f-\x9f]/;

/**
 * Checks an id that goes into a URL path as one segment, throwing a ValidationError naming `what`, so that
 * `runs.retrieve("..")` can never read `GET /v1/`; returns it percent-encoded, ready to join into the path.
 */
export function pathSegment(id: unknown, what: string): string {
  const problem =
    typeof id !== "string"
      ? `expected a string, received ${id === null ? "null" : typeof id}`
      : id === ""
        ? "expected a non-empty string, received an empty string"
        : id === "." || id === ".."
          ? `expected an id, received ${JSON.stringify(id)}, which would change the request's path`
          : FORBIDDEN.test(id)
            ? `expected an id without "/", "\\", "?", "#", "%", whitespace or control characters, received ${JSON.stringify(id)}`
            : undefined;
  if (problem !== undefined) throw new ValidationError(what, [{ path: "id", message: problem }]);
  return encodeURIComponent(id as string);
}

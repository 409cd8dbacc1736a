/** What came back through Prism's validating proxy, and what Prism said about it. */
export interface ProxiedAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  /** Prism answered itself: the document says the request is invalid, so it never reached the server. */
  refusedByPrism: boolean;
  /** Violations Prism found in the server's answer (or, with `--errors`, an answer it replaced). */
  responseViolations: unknown[];
}

const isPrismProblem = (json: unknown) =>
  typeof json === "object" &&
  json !== null &&
  String((json as { type?: unknown }).type).startsWith("https://stoplight.io/prism/errors#");

/** Reads an answer that went through `prism proxy --errors`. */
export async function readProxied(response: Response): Promise<ProxiedAnswer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const header = response.headers.get("sl-violations");
  const listed: { location?: unknown[] }[] = header
    ? JSON.parse(header.replace(/^Too many violations! /, ""))
    : [];
  const responseViolations: unknown[] = listed.filter((violation) => violation.location?.[0] === "response");
  // With --errors, a response violation replaces the server's answer with a 500 VIOLATIONS problem.
  if (isPrismProblem(json) && String((json as { type: string }).type).endsWith("#VIOLATIONS"))
    responseViolations.push(json);
  return {
    status: response.status,
    headers: response.headers,
    text,
    json,
    refusedByPrism: isPrismProblem(json) && !String((json as { type: string }).type).endsWith("#VIOLATIONS"),
    responseViolations,
  };
}

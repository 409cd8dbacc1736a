// Text from a server or a file may hold terminal escape sequences (ESC [ … , OSC 8 hyperlinks, C1 CSI),
// carriage returns and line breaks that retitle the window, erase lines or fake output. Everything the CLI
// prints that it did not write itself goes through here. Bidi overrides are shown too: they reorder text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character shown as a visible escape (`\x1b`, `\n`, `\u202e`…). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    if (char === "\n") return "\\n";
    if (char === "\r") return "\\r";
    if (char === "\t") return "\\t";
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

// Only ever inside strings (JSON's own line breaks and indentation are never among them).
const LEFT_RAW_BY_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `JSON.stringify` for the terminal: JSON escapes C0 characters itself but leaves DEL, C1 and bidi controls
 * raw; here they become `\u…` escapes too, so the output is still the same JSON value.
 */
export function toTerminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    LEFT_RAW_BY_JSON,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

import { StringDecoder } from "node:string_decoder";

/**
 * A CSV's text, decoded chunk by chunk as it was read and never joined: joining a 10 MB CSV, or decoding it
 * in one go, allocates and copies megabytes in one turn of the event loop.
 */
export type CsvText = readonly string[];

/** Decodes UTF-8 bytes into `CsvText` a chunk at a time (a character split across two chunks stays whole). */
export class CsvTextDecoder {
  readonly #decoder = new StringDecoder("utf8");
  readonly #parts: string[] = [];

  write(bytes: Buffer): void {
    const part = this.#decoder.write(bytes);
    if (part !== "") this.#parts.push(part);
  }

  /** The text decoded so far, with what an unfinished last character decodes to. */
  end(): CsvText {
    const rest = this.#decoder.end();
    if (rest !== "") this.#parts.push(rest);
    return this.#parts;
  }
}

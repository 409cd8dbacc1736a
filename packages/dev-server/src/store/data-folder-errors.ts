import { LeapError } from "@leap-workflows/core";

const AFRESH =
  "delete the folder to start afresh (its runs, bulk runs and deliveries are lost), or give this server another data folder (--data, or the `data` option)";

/** The data folder (`--data`, the `data` option) cannot be used as it is; the message says what to do. */
export class DataFolderError extends LeapError {
  static override readonly kind: string = "DataFolderError";
}

/** Another dev server holds the data folder: two servers on one folder would run and deliver everything twice. */
export class DataFolderInUseError extends DataFolderError {
  static override readonly kind = "DataFolderInUseError";
  /** The data folder. */
  declare readonly folder: string;
  /** The process that holds it, when it could be read. */
  declare readonly pid: number | undefined;
  constructor(folder: string, pid: number | undefined) {
    const holder = pid === undefined ? "another process" : `process ${pid}`;
    super(
      `the data folder ${folder} is in use by another dev server (${holder}${pid === process.pid ? ", this one" : ""}): ` +
        "stop it first, or give this server another data folder (--data, or the `data` option)",
    );
    this.folder = folder;
    this.pid = pid;
  }
}

/** The data folder was written by a dev server with another data layout, which this one cannot read. */
export class DataFolderLayoutError extends DataFolderError {
  static override readonly kind = "DataFolderLayoutError";
  /** The data folder. */
  declare readonly folder: string;
  /** The layout the folder holds. */
  declare readonly found: number;
  /** The layout this dev server reads and writes. */
  declare readonly expected: number;
  constructor(folder: string, found: number, expected: number) {
    const age = found < expected ? "an older" : "a newer";
    const remedy =
      found < expected ? AFRESH : `use the version of @leap-workflows/dev-server that wrote it, or ${AFRESH}`;
    super(
      `the data folder ${folder} was written by ${age} dev server (data layout ${found}; this one reads layout ${expected}): ${remedy}`,
    );
    this.folder = folder;
    this.found = found;
    this.expected = expected;
  }
}

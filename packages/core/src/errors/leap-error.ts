// Brands survive duplicate installs (an ESM and a CJS copy of this package in one app), where
// `instanceof` fails: `NotFoundError.isInstance(error)` checks the brand, not the prototype.
const KINDS = Symbol.for("leap-workflows.error.kinds");

interface ErrorClass<T> {
  readonly kind: string;
  readonly prototype: T;
}

/** The root of every error this SDK throws. Catch it to handle them all. */
export class LeapError extends Error {
  /** The error's class name; kept explicitly because minifiers rename classes. */
  static readonly kind: string = "LeapError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (let type = new.target as unknown; type !== Error && type; type = Object.getPrototypeOf(type)) {
      kinds.push((type as { kind: string }).kind);
    }
    // Not enumerable (defineProperty's default), as Error's own `name` is not.
    Object.defineProperties(this, { [KINDS]: { value: kinds }, name: { value: kinds[0], writable: true } });
  }

  /** Like `instanceof`, but also true for errors thrown by another copy of this package. */
  static isInstance<T>(this: ErrorClass<T>, value: unknown): value is T {
    const kinds = (value as { [KINDS]?: unknown } | null | undefined)?.[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

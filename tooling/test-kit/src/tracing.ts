import { type Context, type ContextManager, context, ROOT_CONTEXT, type Tracer } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}
type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

/**
 * The active-context bookkeeping OpenTelemetry's Node SDK sets up, over AsyncLocalStorage: the edge runtime has
 * it as a global, Node in `node:async_hooks`. Without one, every span would be a root.
 */
class StorageContextManager implements ContextManager {
  readonly #storage: AsyncLocalStorageLike<Context>;
  constructor(Storage: AsyncLocalStorageClass) {
    this.#storage = new Storage<Context>();
  }
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    active: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(active, () => fn.call(thisArg, ...args));
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

let registered = false;

async function registerContextManager(): Promise<void> {
  if (registered) return;
  const Storage =
    (globalThis as { AsyncLocalStorage?: AsyncLocalStorageClass }).AsyncLocalStorage ??
    ((await import("node:async_hooks")).AsyncLocalStorage as AsyncLocalStorageClass);
  context.setGlobalContextManager(new StorageContextManager(Storage));
  registered = true;
}

/** A tracer whose ended spans are kept in memory (the SDK's InMemorySpanExporter), to read in a test. */
export interface RecordedSpans {
  tracer: Tracer;
  /** The spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** The one ended span named `name` (fails when there is none, or several). */
  span(name: string): ReadableSpan;
  /** Forgets the spans ended so far. */
  reset(): void;
}

/** A tracer from the OpenTelemetry SDK over an in-memory exporter, with an active-context manager registered. */
export async function recordSpans(): Promise<RecordedSpans> {
  await registerContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    tracer: provider.getTracer("leap-workflows-test"),
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter((span) => span.name === name);
      if (found.length !== 1) throw new Error(`expected one span named ${name}, found ${found.length}`);
      return found[0] as ReadableSpan;
    },
    reset: () => exporter.reset(),
  };
}

/** Everything a span holds as text (attributes, events, links, status), to search for what must not be there. */
export function spanText(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    links: span.links,
    status: span.status,
  });
}

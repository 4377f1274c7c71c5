/** VS Code's pattern: whatever a thing starts is registered here and released in one dispose(). */
export interface Disposable {
  dispose(): void;
}

export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of [...this.items].reverse()) item.dispose();
    this.items.clear();
  }
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

let onUnexpectedError: (e: unknown) => void = (e) => console.error('[host] a listener failed:', e);

/** Where a failing listener's error goes (the host's log). */
export function setUnexpectedErrorHandler(handler: (e: unknown) => void): void {
  onUnexpectedError = handler;
}

/** Owners keep the emitter private and expose `emitter.event` as a typed onX. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  /** Every listener hears it: one that throws is reported and the rest still run (VS Code's rule). */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (e) {
        onUnexpectedError(e);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

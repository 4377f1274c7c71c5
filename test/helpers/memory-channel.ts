import type { Channel } from '../../electron/common/channel';

interface End<In, Out> extends Channel<In, Out> {
  peer?: End<Out, In>;
  open: boolean;
  deliver(message: In): void;
  shut(): void;
}

function makeEnd<In, Out>(): End<In, Out> {
  const messageListeners = new Set<(m: In) => void>();
  const closeListeners = new Set<() => void>();
  const end: End<In, Out> = {
    open: true,
    send(message) {
      if (!end.open) throw new Error('channel closed');
      const copy = structuredClone(message);
      setImmediate(() => end.peer?.deliver(copy));
    },
    onMessage: (listener) => void messageListeners.add(listener),
    onClose: (listener) => void closeListeners.add(listener),
    close() {
      if (!end.open) return;
      end.shut();
      setImmediate(() => end.peer?.shut());
    },
    deliver(message) {
      if (end.open) for (const l of messageListeners) l(message);
    },
    shut() {
      if (!end.open) return;
      end.open = false;
      for (const l of closeListeners) l();
    },
  };
  return end;
}

/**
 * Two connected in-memory channel ends. Messages are structured-cloned and delivered on a later
 * macrotask, as a MessagePort would, so tests do not depend on synchronous delivery.
 */
export function memoryChannelPair<A, B>(): [Channel<B, A>, Channel<A, B>] {
  const a = makeEnd<B, A>();
  const b = makeEnd<A, B>();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

import type { MessagePort } from 'node:worker_threads';
import type { PortLike } from '../../electron/bridge/port-like';

/** Node's MessagePort as Electron's MessagePortMain (no Electron binary here): both copy a message with V8's serializer. */
export function standInPort(port: MessagePort): PortLike {
  return {
    on: (event: 'message' | 'close', listener: (e?: { data: unknown }) => void) =>
      port.on(event, (data: unknown) => listener(event === 'message' ? { data } : undefined)),
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  } as PortLike;
}

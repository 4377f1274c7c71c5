import type { HostChannel } from './server/connection';

/** The shape of Electron's MessagePortMain that the host needs (the host never imports electron). */
export interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export function messagePortChannel(port: PortLike): HostChannel {
  return {
    send: (frame) => port.postMessage(frame),
    onMessage: (listener) => void port.on('message', (e) => listener(e.data)),
    onClose: (listener) => void port.on('close', listener),
    close: () => port.close(),
  };
}

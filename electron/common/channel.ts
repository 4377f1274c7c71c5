/**
 * A port-like, message-oriented duplex. The transports (MessagePort in Electron, WebSocket in
 * browser mode, an in-memory pair in tests) are details at the edge behind this shape.
 */
export interface Channel<In, Out> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

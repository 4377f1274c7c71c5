import { MessageChannel } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { portText } from '../../electron/bridge/port-text';
import { standInPort } from '../helpers/stand-in-port';

it("the bridge forwards the daemon's lines and the page's frames as JSON text, unparsed", async () => {
  const { port1, port2 } = new MessageChannel();
  const channel = portText(standInPort(port1));
  const fromPage = new Promise<string>((resolve) => channel.onMessage(resolve));
  const atPage = new Promise<unknown>((resolve) => port2.once('message', resolve));
  const line = '{"t":"out","s":"s1","d":"\\u001b[31mred\\u001b[0m テスト"}';
  channel.send(Buffer.from(line));
  expect(await atPage).toBe(line);
  port2.postMessage('{"t":"ack","s":"s1","n":3}');
  expect(await fromPage).toBe('{"t":"ack","s":"s1","n":3}');
  port1.close();
});

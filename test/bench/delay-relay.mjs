/**
 * A link with added round trip, for ssh's ProxyCommand (these machines have no `tc netem`):
 * `node delay-relay.mjs HOST PORT [MS]` connects to HOST:PORT and forwards stdin → socket and
 * socket → stdout, holding each chunk MS milliseconds (default 25, so 50 ms of round trip) in
 * each direction, in order. Latency only: it never limits bandwidth.
 *
 *   ProxyCommand /path/to/node /path/to/delay-relay.mjs 127.0.0.1 %p
 */
import { connect } from 'node:net';

const [host, port, held = '25'] = process.argv.slice(2);
const delayMs = Number(held);
if (!host || !Number.isInteger(Number(port)) || !(delayMs >= 0)) {
  process.stderr.write('usage: delay-relay.mjs HOST PORT [MS]\n');
  process.exit(2);
}

const socket = connect({ host, port: Number(port) });
socket.setNoDelay(true);
socket.on('error', (e) => {
  process.stderr.write(`delay-relay: ${e.message}\n`);
  process.exit(1);
});

/** Chunks from `from` reach `to` delayMs after they arrived, in arrival order; the end too. */
function delayed(from, to, end) {
  const queue = [];
  let timer = null;
  const pump = () => {
    timer = null;
    while (queue.length && queue[0].at <= performance.now()) {
      const { data } = queue.shift();
      if (data === null) end();
      else to.write(data);
    }
    if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
  };
  const hold = (data) => {
    queue.push({ at: performance.now() + delayMs, data });
    timer ??= setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
  };
  from.on('data', hold);
  from.on('end', () => hold(null));
}

delayed(process.stdin, socket, () => socket.end());
delayed(socket, process.stdout, () => process.stdout.end(() => process.exit(0)));
socket.on('close', () => setTimeout(() => process.exit(0), delayMs + 50));

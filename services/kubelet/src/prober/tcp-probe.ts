// pkg/probe/tcp: a probe succeeds when a TCP connection opens within the timeout; it is closed at once.
import net from 'node:net';
import { dialErrorText, dialTimeoutText } from './go-error-text.js';
import { failure, success, type ProbeOutput } from './probe-result.js';

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutput> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const settle = (output: ProbeOutput) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(output);
    };
    const timer = setTimeout(() => settle(failure(dialTimeoutText(host, port))), timeoutMs);
    socket.once('connect', () => settle(success()));
    socket.once('error', (err) => settle(failure(dialErrorText(host, port, err))));
  });
}

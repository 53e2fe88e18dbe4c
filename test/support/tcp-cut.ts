import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP relay in front of a real server whose connections can be cut, as a network failure cuts them. */
export interface CuttableLink {
  /** `target`'s URL with the relay's host and port. */
  url: string;
  /** Reset every connection open through the relay now; new ones pass again. */
  cut(): number;
  close(): Promise<void>;
}

export async function startCuttableLink(target: string): Promise<CuttableLink> {
  const upstream = new URL(target);
  const open = new Set<Socket>();
  const server = createServer((incoming) => {
    const outgoing = createConnection({ host: upstream.hostname, port: Number(upstream.port) });
    for (const [from, to] of [[incoming, outgoing], [outgoing, incoming]] as const) {
      open.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      const sockets = [...open];
      for (const socket of sockets) socket.resetAndDestroy();
      return sockets.length;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

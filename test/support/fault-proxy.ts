import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one request instead of passing it through:
 * - reset: close the client's connection, before PostgREST sees the request
 *   (`when: 'before'`) or after PostgREST answered it (`'after'`: the batch
 *   committed, the answer is lost);
 * - answer: reply with this status and body, before or after PostgREST
 *   handled the request.
 */
export type Fault =
  | { reset: true; when: 'before' | 'after' }
  | { answer: { status: number; body: string }; when: 'before' | 'after' };

/** A proxy in front of a real PostgREST that meets the next requests with faults. */
export interface FaultProxy {
  url: string;
  /** Apply these to the next requests, one each, in order; later requests pass through. */
  inject(...faults: Fault[]): void;
  /** Requests seen, and faults applied, since the start. */
  requests: number;
  applied: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults: Fault[] = [];
  const proxy = { requests: 0, applied: 0 };

  /** Forward the request to PostgREST; resolves with its status, headers and whole body. */
  const forward = (incoming: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const outgoing = request(
        { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: { ...incoming.headers, host: upstream.host } },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
          answer.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const reply = (response: ServerResponse, status: number, body: string) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      proxy.requests += 1;
      const fault = faults.shift();
      if (fault) proxy.applied += 1;
      try {
        if (fault?.when === 'before') {
          if ('reset' in fault) incoming.socket.destroy();
          else reply(response, fault.answer.status, fault.answer.body);
          return;
        }
        const answer = await forward(incoming, Buffer.concat(chunks));
        if (fault && 'reset' in fault) incoming.socket.destroy();
        else if (fault) reply(response, fault.answer.status, fault.answer.body);
        else {
          response.writeHead(answer.status, answer.headers);
          response.end(answer.body);
        }
      } catch (error) {
        reply(response, 502, JSON.stringify({ message: (error as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    inject: (...more) => faults.push(...more),
    get requests() {
      return proxy.requests;
    },
    get applied() {
      return proxy.applied;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

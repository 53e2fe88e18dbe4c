import { request } from 'node:http';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Send one request exactly as given: node:http sets no header of its own but
 * Host (and Content-Length when the caller leaves it out), so a test can send
 * what fetch would refuse or rewrite: a zero-padded Content-Length, a
 * Content-Type of any kind, a 64 KiB header, no body at all.
 */
export function send(baseUrl: string, call: { method: string; path: string; query: string; headers: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  const url = new URL(`${call.path}${call.query ? `?${call.query}` : ''}`, baseUrl);
  const headers: Record<string, string> = { ...call.headers };
  const hasLength = Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
  if (call.body !== undefined && !hasLength) headers['Content-Length'] = String(Buffer.byteLength(call.body));
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: call.method, headers, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({
        status: incoming.statusCode ?? 0,
        contentType: String(incoming.headers['content-type'] ?? ''),
        text: Buffer.concat(chunks).toString('utf8'),
        headers: incoming.headers,
      }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    if (call.body !== undefined) outgoing.write(call.body);
    outgoing.end();
  });
}

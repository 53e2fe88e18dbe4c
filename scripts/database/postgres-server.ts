import { createServer } from 'node:net';

export interface PostgresServer {
  /** Connection string for a database on this server, as the superuser. */
  url(database: string): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function serverUrl(host: string, port: number, user: string, password: string, database: string): string {
  const auth = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `postgres://${auth}@${host}:${port}/${encodeURIComponent(database)}?sslmode=disable`;
}

/** A server given by a connection string (DATABASE_URL): only its database name varies. */
export function externalPostgres(connectionString: string): PostgresServer {
  return {
    url(database) {
      const url = new URL(connectionString);
      url.pathname = `/${encodeURIComponent(database)}`;
      if (!url.searchParams.has('sslmode')) url.searchParams.set('sslmode', 'disable');
      return url.toString();
    },
    async stop() {},
  };
}

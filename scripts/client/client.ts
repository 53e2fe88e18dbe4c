/**
 * The typed lib_event client: openapi-fetch bound to the generated `paths`,
 * with the base URL and the API key (sent as X-Api-Key) set once.
 *
 *   const client = createLibEventClient({ baseUrl: 'http://localhost:3000', apiKey });
 *   const { data, error } = await client.POST('/rpc/create', { body: { event_type: 'billing.invoice.paid' } });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/api.d.ts';

export type { components, operations, paths } from '../../generated/api.d.ts';

export interface LibEventClientOptions {
  /** Where PostgREST serves the API, e.g. http://localhost:3000. */
  baseUrl: string;
  /** The API key, sent as X-Api-Key on every request. Only the document at / needs none. */
  apiKey?: string;
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  fetch?: typeof fetch;
}

/** A client whose paths, arguments and results are checked against the API's OpenAPI document. */
export function createLibEventClient(options: LibEventClientOptions): Client<paths> {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.apiKey === undefined ? {} : { 'X-Api-Key': options.apiKey },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

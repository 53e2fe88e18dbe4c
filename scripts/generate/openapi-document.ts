import type pg from 'pg';
import { callQuery, runRequest } from './postgrest-envelope.ts';

/** PostgREST's db-root-spec (lib_events.openapi): the function whose JSON PostgREST serves at `/`. */
export const rootSpec = 'openapi';

/** An OpenAPI document, as far as these tests and scripts look into it. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; summary?: string; description?: string; license?: { name: string; identifier?: string; url?: string } };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  };
  security?: Record<string, string[]>[];
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { $ref?: string; description?: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  description?: string;
  deprecated?: boolean;
  schema?: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  default?: unknown;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
  pattern?: string;
  deprecated?: boolean;
}

/**
 * GET / as PostgREST v16.2 runs it when db-root-spec names lib_events.openapi:
 * the root path becomes a call of that function like GET /rpc/openapi
 * (ApiRequest.hs, getResource), so the envelope and the pre-request run
 * (which lets `/` through without a key), read-only, and the scalar result
 * is the body (Query/SqlFragment.hs, asJsonF).
 */
export const rootDocumentQuery = callQuery(rootSpec, { kind: 'none' }, { set: false, composite: false });

/** The document PostgREST would serve at `/`, read through the same envelope; an error is thrown as it is. */
export async function readRootDocument(client: pg.ClientBase): Promise<OpenApiDocument> {
  const row = await runRequest<{ body: OpenApiDocument }>(client, { method: 'GET', path: '/', readOnly: true }, { text: rootDocumentQuery });
  return row?.body as OpenApiDocument;
}

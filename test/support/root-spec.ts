import type pg from 'pg';
import { rootDocumentQuery, type OpenApiDocument } from '../../scripts/generate/openapi-document.ts';
import { postgrestCall, type PostgrestResponse } from './postgrest-call.ts';

export type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter } from '../../scripts/generate/openapi-document.ts';

/** GET / through the harness: the status, headers and body PostgREST would answer with. */
export async function rootDocument(pool: pg.Pool, headers: Record<string, string> = {}): Promise<PostgrestResponse<OpenApiDocument>> {
  return postgrestCall<OpenApiDocument>(pool, { method: 'GET', path: '/', headers, query: { text: rootDocumentQuery } });
}

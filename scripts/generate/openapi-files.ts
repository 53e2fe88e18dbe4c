import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenApiDocument } from './openapi-document.ts';

/** The OpenAPI document as committed: two-space indents, a final newline. */
export function documentText(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The TypeScript types of the document, written by openapi-typescript. */
export async function documentTypes(document: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  const header = [
    '/**',
    ' * The lib_event API, as TypeScript types: written by `npm run generate` from',
    ' * the OpenAPI document served at / (lib_events.openapi). Do not edit.',
    ' */',
    '',
  ].join('\n');
  return `${header}\n${astToString(ast)}`;
}

import type pg from 'pg';

export type Access = 'producer' | 'reader' | 'producer_reader';

export interface IssuedKey {
  id: string;
  key: string;
  consumer: string;
}

/** Issue an API key the way `npm run key:create` does. */
export async function issueKey(admin: pg.Pool, consumer: string, access: Access): Promise<IssuedKey> {
  const { rows } = await admin.query<{ api_key__id: string; api_key: string }>(
    'select * from lib_event.api_key_create($1, $2)',
    [consumer, access],
  );
  const row = rows[0];
  if (!row) throw new Error(`lib_event.api_key_create returned no key for ${consumer}`);
  return { id: row.api_key__id, key: row.api_key, consumer };
}

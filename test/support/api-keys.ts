import type pg from 'pg';

export type Access = 'producer' | 'reader' | 'producer_reader';

export interface IssuedKey {
  id: string;
  key: string;
  consumer: string;
}

export interface KeyRights {
  /** The erase right (`npm run key:create -- ... --erase`): POST /rpc/erase. */
  erase?: boolean;
}

/** Issue an API key the way `npm run key:create` does. */
export async function issueKey(admin: pg.Pool, consumer: string, access: Access, rights: KeyRights = {}): Promise<IssuedKey> {
  const { rows } = await admin.query<{ api_key__id: string; api_key: string }>(
    'select * from lib_event.api_key_create($1, $2, may_erase => $3)',
    [consumer, access, rights.erase ?? false],
  );
  const row = rows[0];
  if (!row) throw new Error(`lib_event.api_key_create returned no key for ${consumer}`);
  return { id: row.api_key__id, key: row.api_key, consumer };
}

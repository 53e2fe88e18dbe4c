import type pg from 'pg';

export type Access = 'producer' | 'reader' | 'producer_reader';

/** A key's scopes (db/security.md#scoped-keys); each left out is no limit. */
export interface Scopes {
  eventTypes?: string[];
  tenants?: string[];
  consumers?: string[];
}

export interface IssuedKey {
  id: string;
  key: string;
  consumer: string;
}

/** Issue an API key the way `npm run key:create` does, scoped when scopes are given. */
export async function issueKey(admin: pg.Pool, consumer: string, access: Access, scopes: Scopes = {}): Promise<IssuedKey> {
  const scoped = scopes.eventTypes !== undefined || scopes.tenants !== undefined || scopes.consumers !== undefined;
  // Unscoped, the call a database migrated before scopes existed knows too.
  const { rows } = scoped
    ? await admin.query<{ api_key__id: string; api_key: string }>(
      'select * from lib_event.api_key_create($1, $2, event_types => $3, tenants => $4, consumers => $5)',
      [consumer, access, scopes.eventTypes ?? null, scopes.tenants ?? null, scopes.consumers ?? null])
    : await admin.query<{ api_key__id: string; api_key: string }>('select * from lib_event.api_key_create($1, $2)', [consumer, access]);
  const row = rows[0];
  if (!row) throw new Error(`lib_event.api_key_create returned no key for ${consumer}`);
  return { id: row.api_key__id, key: row.api_key, consumer };
}

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

export interface KeyRights {
  /** The erase right (`npm run key:create -- ... --erase`): POST /rpc/erase. */
  erase?: boolean;
}

/** Issue an API key the way `npm run key:create` does, scoped and with rights when given. */
export async function issueKey(admin: pg.Pool, consumer: string, access: Access, options: Scopes & KeyRights = {}): Promise<IssuedKey> {
  // Only the named arguments given: a database migrated before scopes or
  // rights existed knows the two-argument call.
  const named = Object.entries({
    event_types: options.eventTypes,
    tenants: options.tenants,
    consumers: options.consumers,
    may_erase: options.erase,
  }).filter(([, value]) => value !== undefined);
  const { rows } = await admin.query<{ api_key__id: string; api_key: string }>(
    `select * from lib_event.api_key_create($1, $2${named.map(([name], i) => `, ${name} => $${i + 3}`).join('')})`,
    [consumer, access, ...named.map(([, value]) => value)],
  );
  const row = rows[0];
  if (!row) throw new Error(`lib_event.api_key_create returned no key for ${consumer}`);
  return { id: row.api_key__id, key: row.api_key, consumer };
}

/**
 * Keys' last use (lib_event.api_key.last_used_at). The pre-request
 * announces an API key's use on lib_event.key_used, at most once a minute
 * per PostgREST session and key (a GET runs READ ONLY and may write no
 * table); the sequencer, which always runs, hears the ids and notes them
 * about once a second in one call to lib_event.note_keys_used. A use
 * announced while no sequencer listens is not noted.
 */
import type pg from 'pg';

export const keyUsedChannel = 'lib_event.key_used';

/** Heard ids wait this long at most, so that one update notes many keys. */
const noteEveryMs = 1000;

export interface KeyUseNotes {
  /** An id heard on lib_event.key_used. */
  heard(apiKeyId: string | undefined): void;
  /** Note the ids heard, when a second has passed since the last note; an error keeps them for the next try. */
  noteIfDue(db: pg.ClientBase): Promise<void>;
}

export function keyUseNotes(): KeyUseNotes {
  let heard = new Set<string>();
  let notedAt = 0;
  return {
    heard(apiKeyId) {
      // The pre-request sends a uuid; anything else would fail the whole batch's cast.
      if (apiKeyId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(apiKeyId)) heard.add(apiKeyId);
    },
    async noteIfDue(db) {
      if (heard.size === 0 || Date.now() - notedAt < noteEveryMs) return;
      const ids = [...heard];
      heard = new Set();
      notedAt = Date.now();
      try {
        await db.query('select lib_event.note_keys_used($1::uuid[])', [ids]);
      } catch (error) {
        for (const id of ids) heard.add(id);
        throw error;
      }
    },
  };
}

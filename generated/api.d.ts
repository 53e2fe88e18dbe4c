/**
 * The lib_event API, as TypeScript types: written by `npm run generate` from
 * the OpenAPI document served at / (lib_events.openapi). Do not edit.
 */

export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI document
         * @description The OpenAPI 3.1 description of this API, built from the database catalog on each request. Public: it needs no API key.
         */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/api_key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The API key of this request: its consumer, access, scopes and rights.
         * @description Answers about the key in the X-Api-Key header only, never another key, and
         *     never its hash. scoped is false for a key that reads and records everything;
         *     otherwise event_types, tenants and consumers say what it is limited to (null:
         *     no limit). Rows outside a reader key's scope are hidden from every read, so a
         *     scoped key's positions have gaps (db/security.md, scoped keys). may_erase
         *     says whether it may call POST /rpc/erase. Any active key may ask; no key, or
         *     an unknown or revoked one, is 401. GET /rpc/api_key.
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     Needs an API key with access producer or producer_reader or reader.
         */
        get: operations["call_api_key_get"];
        put?: never;
        /**
         * The API key of this request: its consumer, access, scopes and rights.
         * @description Answers about the key in the X-Api-Key header only, never another key, and
         *     never its hash. scoped is false for a key that reads and records everything;
         *     otherwise event_types, tenants and consumers say what it is limited to (null:
         *     no limit). Rows outside a reader key's scope are hidden from every read, so a
         *     scoped key's positions have gaps (db/security.md, scoped keys). may_erase
         *     says whether it may call POST /rpc/erase. Any active key may ask; no key, or
         *     an unknown or revoked one, is 401. GET /rpc/api_key.
         *
         *     Needs an API key with access producer or producer_reader or reader.
         */
        post: operations["call_api_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/consistency_proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Proof that the log's tree of second_size events (default: the latest checkpoint) extends the tree of first_size events unchanged (RFC 6962 consistency proof, hex). Check it against two signed checkpoints; sizes the log does not have: LE070.
         * @description GET takes the arguments as query parameters and runs read-only.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["call_consistency_proof_get"];
        put?: never;
        /**
         * Proof that the log's tree of second_size events (default: the latest checkpoint) extends the tree of first_size events unchanged (RFC 6962 consistency proof, hex). Check it against two signed checkpoints; sizes the log does not have: LE070.
         * @description Needs an API key with access producer_reader or reader.
         */
        post: operations["call_consistency_proof"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record one event.
         * @description event_type follows <service>.<resourceType>.<verb_past_tense> (e.g.
         *     billing.invoice.paid). payload is any JSON value, of any size. headers is a
         *     JSON object of your own entries; lib_event adds event_type, event__id,
         *     created_at, occurred_at, source, partition_key and consumer, and refuses a
         *     call that sets any of them. occurred_at defaults to the recording time and may
         *     not be in the future. The consumer is the API key's name. Every event is
         *     announced with NOTIFY lib_event.created carrying its id.
         *
         *     idempotency_key (1 to 255 characters, scoped to your consumer) makes a retry
         *     safe: a second call with the same key and the same content records nothing
         *     and returns the first call's receipt; the same key with different content
         *     fails with 23505 (HTTP 409).
         *
         *     Over HTTP the body is one JSON object, checked on its JSON types as
         *     create_many checks each event: event_type, occurred_at, source,
         *     partition_key and idempotency_key are JSON strings (LE041 for a number,
         *     object, array or boolean), occurred_at is an RFC 3339 date-time (22007 for
         *     yesterday, epoch or a time without an offset), no other field (LE008). An
         *     array or anything but an object: LE082 (several events go to create_many).
         *     The request carries no query parameter but select (LE081). Nothing is
         *     recorded when any of these is refused.
         *
         *     Needs an API key with access producer or producer_reader.
         */
        post: operations["call_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/create_many": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record up to 1000 events in one call, all or nothing; their receipts come back in the order sent.
         * @description The body is a JSON array of objects with the arguments of create (event_type,
         *     payload, headers, occurred_at, source, partition_key, idempotency_key), or
         *     {"events": [...]} with such an array. PostgREST passes a plain array only when
         *     every object has the same keys (else 400 PGRST102); the {"events": [...]}
         *     form takes events with different keys. Every event is checked as create
         *     checks it; an error names the event (event 3 of 10: ...) and records nothing.
         *     More than 1000 events: PT413 (HTTP 413). Retries with the same
         *     idempotency_key return the original receipts. Listeners learn every id:
         *     NOTIFY lib_event.created carries the new ids, comma-separated, at most 200 per
         *     notification. Over HTTP the request carries no query parameter but select
         *     (LE081): PostgREST would apply filters, order, limit and offset to the
         *     receipts after the events were recorded.
         *
         *     Needs an API key with access producer or producer_reader.
         */
        post: operations["call_create_many"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase the personal data of events (for an API key with the erase right): payload, user headers and salt; every proof still holds.
         * @description Select by exactly one of event_ids, partition_key or header (events whose
         *     headers contain it, e.g. {"subject": "user:42"}), with a reason; among the
         *     events the key may read (its scopes). Past 100 events, confirm must be the
         *     exact number matched; events recorded before salted leaves are refused
         *     unless break_v1_proofs. Records a lib_event.event.erased event naming the
         *     key's consumer as who erased (erased_by), and returns its id, the ids
         *     erased and the archived partitions the database could not search
         *     (npm run erase -- --archive-dir erases those files). Errors: a key without
         *     the erase right, PT403 (HTTP 403); no reason, LE090; not exactly one
         *     non-empty selector, LE091; an id the key cannot read, or nothing matched,
         *     LE092; past 100 without confirm, LE093; v1 events, LE094; an event in a
         *     partition that has an archive file, LE095 (npm run erase -- --archive-dir
         *     rewrites it); a partition being archived, LE096. Nothing is erased on any
         *     error. POST /rpc/erase with {"reason": "GDPR request 2026-118", "header":
         *     {"subject": "user:42"}}.
         *
         *     Needs an API key with access producer or producer_reader or reader.
         */
        post: operations["call_erase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/event_payload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The payload of one event, whatever its size: how a reader gets a payload that pages defer.
         * @description Pages of follow, find and the events view leave out payloads over 256 KiB of
         *     JSON text (payload_deferred, with payload_size and payload_sha256); this
         *     returns the payload itself. GET /rpc/event_payload?event__id=<id>. An unknown
         *     id, or an event outside the API key's scope: PT404 (HTTP 404).
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["call_event_payload_get"];
        put?: never;
        /**
         * The payload of one event, whatever its size: how a reader gets a payload that pages defer.
         * @description Pages of follow, find and the events view leave out payloads over 256 KiB of
         *     JSON text (payload_deferred, with payload_size and payload_sha256); this
         *     returns the payload itself. GET /rpc/event_payload?event__id=<id>. An unknown
         *     id, or an event outside the API key's scope: PT404 (HTTP 404).
         *
         *     Needs an API key with access producer_reader or reader.
         */
        post: operations["call_event_payload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/explorer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The events explorer: a page for analysts and auditors to filter, page through, export and verify events in a browser. Open GET /rpc/explorer.
         * @description It needs no key to load; it then asks for a reader key, kept in the tab's
         *     sessionStorage, and reads through the same API as everyone else. Verify
         *     checks an event's inclusion proof and its checkpoint's signature in the
         *     browser. Built from db/explorer/ (scripts/generate/explorer-page.ts).
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     No API key needed.
         */
        get: operations["call_explorer_get"];
        put?: never;
        /**
         * The events explorer: a page for analysts and auditors to filter, page through, export and verify events in a browser. Open GET /rpc/explorer.
         * @description It needs no key to load; it then asks for a reader key, kept in the tab's
         *     sessionStorage, and reads through the same API as everyone else. Verify
         *     checks an event's inclusion proof and its checkpoint's signature in the
         *     browser. Built from db/explorer/ (scripts/generate/explorer-page.ts).
         *
         *     No API key needed.
         */
        post: operations["call_explorer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/find": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find events, newest first, a page at a time.
         * @description Every argument is optional: event_type (exact), consumer, created_from
         *     (inclusive) and created_to (exclusive) as ISO 8601 times, page_size (1 to
         *     1000, default 100); type, the name the first version of find took for
         *     event_type, is still taken.
         *     Each row carries a cursor: send the last row's cursor to get the next page;
         *     an empty page is the last. A page also ends before its headers and payloads
         *     pass 16 MiB (always with at least one event), and a payload over 256 KiB is
         *     deferred: payload is null, payload_deferred true, with payload_size and
         *     payload_sha256; GET /rpc/event_payload returns it.
         *     Over HTTP: GET /rpc/find?event_type=billing.invoice.paid&created_from=2026-01-01T00:00:00Z.
         *     A cursor that find did not return: LE020 (HTTP 400); page_size below 1: LE021
         *     (HTTP 400); above 1000: PT413 (HTTP 413); type and event_type that disagree:
         *     LE080 (HTTP 400). A scoped API key finds only the events of its scope
         *     (db/security.md); an erased event shows erased_at and erasure__id. Find searches; to follow every new event in log order, use
         *     lib_events.follow.
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["call_find_get"];
        put?: never;
        /**
         * Find events, newest first, a page at a time.
         * @description Every argument is optional: event_type (exact), consumer, created_from
         *     (inclusive) and created_to (exclusive) as ISO 8601 times, page_size (1 to
         *     1000, default 100); type, the name the first version of find took for
         *     event_type, is still taken.
         *     Each row carries a cursor: send the last row's cursor to get the next page;
         *     an empty page is the last. A page also ends before its headers and payloads
         *     pass 16 MiB (always with at least one event), and a payload over 256 KiB is
         *     deferred: payload is null, payload_deferred true, with payload_size and
         *     payload_sha256; GET /rpc/event_payload returns it.
         *     Over HTTP: GET /rpc/find?event_type=billing.invoice.paid&created_from=2026-01-01T00:00:00Z.
         *     A cursor that find did not return: LE020 (HTTP 400); page_size below 1: LE021
         *     (HTTP 400); above 1000: PT413 (HTTP 413); type and event_type that disagree:
         *     LE080 (HTTP 400). A scoped API key finds only the events of its scope
         *     (db/security.md); an erased event shows erased_at and erasure__id. Find searches; to follow every new event in log order, use
         *     lib_events.follow.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        post: operations["call_find"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/follow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the log in order from a cursor: at most page_size events after it, each with its position and the cursor to resume from.
         * @description Call with the cursor of the last event you took and a page size (page_size,
         *     1 to 1000, default 100); leave cursor out to start from the first event.
         *     Events come in log order: by position, 1, 2, 3, ..., which the sequencer
         *     gives each committed event in an order where none can later appear before
         *     one already placed. A reader that resumes from the last cursor it took
         *     never skips an event and never gets one twice, in this database or in a
         *     restored copy of it. An empty answer means nothing new yet: keep your
         *     cursor and ask again (wake on NOTIFY lib_event.sequenced, whose payload is
         *     the new number of events in the log). A page also ends before its headers
         *     and payloads pass 16 MiB (it always holds at least one event): a page
         *     shorter than page_size is not the end of the log. A payload over 256 KiB is
         *     deferred: payload is null, payload_deferred true, with payload_size and
         *     payload_sha256; GET /rpc/event_payload returns it. after and max are the
         *     older names of cursor and page_size, and checkpoint of the cursor column;
         *     cursors of the earlier form (<transaction id>/<event id>) are accepted.
         *     A scoped API key follows only the events of its scope: positions stay
         *     the log's, so its feed has gaps, and its cursors work the same
         *     (db/following.md). An erased event shows erased_at and erasure__id.
         *     Errors: LE030 for a malformed cursor, LE033 for one this log does not hold,
         *     LE031 for page_size out of range, LE080 for a name and its older name with
         *     different values.
         *     GET /rpc/follow?cursor=<cursor>&page_size=100.
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["call_follow_get"];
        put?: never;
        /**
         * Read the log in order from a cursor: at most page_size events after it, each with its position and the cursor to resume from.
         * @description Call with the cursor of the last event you took and a page size (page_size,
         *     1 to 1000, default 100); leave cursor out to start from the first event.
         *     Events come in log order: by position, 1, 2, 3, ..., which the sequencer
         *     gives each committed event in an order where none can later appear before
         *     one already placed. A reader that resumes from the last cursor it took
         *     never skips an event and never gets one twice, in this database or in a
         *     restored copy of it. An empty answer means nothing new yet: keep your
         *     cursor and ask again (wake on NOTIFY lib_event.sequenced, whose payload is
         *     the new number of events in the log). A page also ends before its headers
         *     and payloads pass 16 MiB (it always holds at least one event): a page
         *     shorter than page_size is not the end of the log. A payload over 256 KiB is
         *     deferred: payload is null, payload_deferred true, with payload_size and
         *     payload_sha256; GET /rpc/event_payload returns it. after and max are the
         *     older names of cursor and page_size, and checkpoint of the cursor column;
         *     cursors of the earlier form (<transaction id>/<event id>) are accepted.
         *     A scoped API key follows only the events of its scope: positions stay
         *     the log's, so its feed has gaps, and its cursors work the same
         *     (db/following.md). An erased event shows erased_at and erasure__id.
         *     Errors: LE030 for a malformed cursor, LE033 for one this log does not hold,
         *     LE031 for page_size out of range, LE080 for a name and its older name with
         *     different values.
         *     GET /rpc/follow?cursor=<cursor>&page_size=100.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        post: operations["call_follow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/follow_head": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The cursor of the newest event in the log: start here to follow only what comes next.
         * @description lib_events.follow(cursor => <this>) returns every event placed in the log
         *     after it, including those whose transactions are still running now. On an
         *     empty log it is the beginning of the log ("0"). GET /rpc/follow_head.
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["call_follow_head_get"];
        put?: never;
        /**
         * The cursor of the newest event in the log: start here to follow only what comes next.
         * @description lib_events.follow(cursor => <this>) returns every event placed in the log
         *     after it, including those whose transactions are still running now. On an
         *     empty log it is the beginning of the log ("0"). GET /rpc/follow_head.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        post: operations["call_follow_head"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether lib_event is keeping up: each item of its state, its healthy range and whether it is inside it; HTTP 500 when one is not (not 503, which PostgREST takes for a lost database: db/operations.md).
         * @description No key needed, nothing secret: counts and ages, and the names of relays and
         *     bridges. Items: sequencer_backlog_events and sequencer_backlog_age (events
         *     recorded but not yet in the log), checkpoint_age, relay_lag_events and
         *     bridge_lag_events (per relay and bridge), partitions_ahead,
         *     events_outside_partitions, partitions_past_retention, archive_failed; their
         *     ranges are in lib_event.health_limit. activity counts the keys not revoked,
         *     those used in the last day (keys_used_last_day: lib_event.api_key.last_used_at,
         *     noted while the sequencer runs) and the consumers that recorded in the last
         *     day. npm run status prints the
         *     same for a person; GET /rpc/metrics gives it to Prometheus.
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     No API key needed.
         */
        get: operations["call_health_get"];
        put?: never;
        /**
         * Whether lib_event is keeping up: each item of its state, its healthy range and whether it is inside it; HTTP 500 when one is not (not 503, which PostgREST takes for a lost database: db/operations.md).
         * @description No key needed, nothing secret: counts and ages, and the names of relays and
         *     bridges. Items: sequencer_backlog_events and sequencer_backlog_age (events
         *     recorded but not yet in the log), checkpoint_age, relay_lag_events and
         *     bridge_lag_events (per relay and bridge), partitions_ahead,
         *     events_outside_partitions, partitions_past_retention, archive_failed; their
         *     ranges are in lib_event.health_limit. activity counts the keys not revoked,
         *     those used in the last day (keys_used_last_day: lib_event.api_key.last_used_at,
         *     noted while the sequencer runs) and the consumers that recorded in the last
         *     day. npm run status prints the
         *     same for a person; GET /rpc/metrics gives it to Prometheus.
         *
         *     No API key needed.
         */
        post: operations["call_health"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/inclusion_proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Proof that an event is in the log's tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. An id the log does not hold, or (for a scoped API key) an event outside the key's scope: PT404 (HTTP 404); recorded but not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.
         * @description bundle: the same proof as an offline bundle (c2sp.org/tlog-proof@v1; its extra line holds the leaf hash) with the checkpoint note of tree_size and its cosignatures, which npm run verify -- --proof and any tlog-proof verifier check with the log's vkey alone; null when no C2SP checkpoint has that size (ask with the tree_size of one).
         *
         *     leaf: what recomputing the leaf from the event takes besides its content (db/verifiable-log.md): format 1 or 2, and for format 2 the event's salt and salted commitment (hex); erased_at once erased (the salt is then null and the leaf follows from the commitment). The salt is given only to a key that may read the event's content.
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["call_inclusion_proof_get"];
        put?: never;
        /**
         * Proof that an event is in the log's tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. An id the log does not hold, or (for a scoped API key) an event outside the key's scope: PT404 (HTTP 404); recorded but not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.
         * @description bundle: the same proof as an offline bundle (c2sp.org/tlog-proof@v1; its extra line holds the leaf hash) with the checkpoint note of tree_size and its cosignatures, which npm run verify -- --proof and any tlog-proof verifier check with the log's vkey alone; null when no C2SP checkpoint has that size (ask with the tree_size of one).
         *
         *     leaf: what recomputing the leaf from the event takes besides its content (db/verifiable-log.md): format 1 or 2, and for format 2 the event's salt and salted commitment (hex); erased_at once erased (the salt is then null and the leaf follows from the commitment). The salt is given only to a key that may read the event's content.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        post: operations["call_inclusion_proof"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * lib_event's state and counters in Prometheus's text format: point a scrape job at GET /rpc/metrics.
         * @description No key needed, nothing secret (as GET /rpc/health). Gauges: lib_event_up,
         *     lib_event_log_events, one per health item (lib_event_sequencer_backlog_events,
         *     lib_event_sequencer_backlog_age_seconds, lib_event_checkpoint_age_seconds,
         *     lib_event_relay_lag_events{relay}, lib_event_bridge_lag_events{bridge},
         *     lib_event_partitions_ahead, lib_event_events_outside_partitions,
         *     lib_event_partitions_past_retention, lib_event_archive_failed), their bounds
         *     (lib_event_health_limit), lib_event_partitions_end_timestamp_seconds,
         *     lib_event_archive_last_success_timestamp_seconds,
         *     lib_event_api_keys{access} and lib_event_keys_used_last_day. Counters: lib_event_events_total{type_prefix,consumer},
         *     lib_event_sequencer_batches_total, lib_event_sequencer_events_total,
         *     lib_event_bridge_published_total{bridge}, lib_event_relay_announced_total{relay},
         *     lib_event_refusals_total{code} and the summary lib_event_sequencer_batch_duration_seconds. db/operations.md has
         *     alerting rules for them.
         *
         *     GET takes the arguments as query parameters and runs read-only.
         *
         *     No API key needed.
         */
        get: operations["call_metrics_get"];
        put?: never;
        /**
         * lib_event's state and counters in Prometheus's text format: point a scrape job at GET /rpc/metrics.
         * @description No key needed, nothing secret (as GET /rpc/health). Gauges: lib_event_up,
         *     lib_event_log_events, one per health item (lib_event_sequencer_backlog_events,
         *     lib_event_sequencer_backlog_age_seconds, lib_event_checkpoint_age_seconds,
         *     lib_event_relay_lag_events{relay}, lib_event_bridge_lag_events{bridge},
         *     lib_event_partitions_ahead, lib_event_events_outside_partitions,
         *     lib_event_partitions_past_retention, lib_event_archive_failed), their bounds
         *     (lib_event_health_limit), lib_event_partitions_end_timestamp_seconds,
         *     lib_event_archive_last_success_timestamp_seconds,
         *     lib_event_api_keys{access} and lib_event_keys_used_last_day. Counters: lib_event_events_total{type_prefix,consumer},
         *     lib_event_sequencer_batches_total, lib_event_sequencer_events_total,
         *     lib_event_bridge_published_total{bridge}, lib_event_relay_announced_total{relay},
         *     lib_event_refusals_total{code} and the summary lib_event_sequencer_batch_duration_seconds. db/operations.md has
         *     alerting rules for them.
         *
         *     No API key needed.
         */
        post: operations["call_metrics"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rpc/request_checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask the sequencer for a signed checkpoint now; returns how many events the log holds.
         * @description The sequencer signs one as soon as it has placed the events committed so far
         *     (a second or so; requests are served at most once a second), so a checkpoint
         *     with a tree_size of at least the answer appears in GET /checkpoints. The
         *     signature needs the sequencer's key, which the database never sees: nothing
         *     is signed when no sequencer runs. POST /rpc/request_checkpoint.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        post: operations["call_request_checkpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.
         * @description Since C2SP checkpoints, note is the checkpoint as a signed note
         *     (c2sp.org/tlog-checkpoint) that any note verifier opens with the vkey of
         *     GET /log_keys; older checkpoints have no origin and no note.
         *
         *     Rows come as a JSON array, or as CSV with Accept: text/csv. Filter with one query parameter per column; shape the result with select, order, limit and offset (or a Range header); ask for the total with Prefer: count=exact.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["read_checkpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.
         * @description Since C2SP checkpoints, note is the checkpoint as a signed note
         *     (c2sp.org/tlog-checkpoint) that any note verifier opens with the vkey of
         *     GET /log_keys; older checkpoints have no origin and no note.
         *
         *     HEAD runs the same query as GET and answers with its headers only: with Prefer: count=exact, Content-Range carries the number of matching rows (*\/1234 when there are none to return).
         *
         *     Needs an API key with access producer_reader or reader.
         */
        head: operations["read_checkpoints_head"];
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recorded events, for querying.
         * @description Filter any column with PostgREST operators, e.g.
         *     event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
         *     consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
         *     created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
         *     headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
         *     (consumer, created_at), (event_type, created_at), source, partition_key and
         *     headers (containment), tenant. A scoped API key reads only the events of
         *     its scope, counts included (db/security.md). A read needs limit=N (up to 1000) or a Range header
         *     (else LE084, HTTP 400).
         *
         *     Rows come as a JSON array, or as CSV with Accept: text/csv. Filter with one query parameter per column; shape the result with select, order, limit and offset (or a Range header); ask for the total with Prefer: count=exact.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["read_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Recorded events, for querying.
         * @description Filter any column with PostgREST operators, e.g.
         *     event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
         *     consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
         *     created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
         *     headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
         *     (consumer, created_at), (event_type, created_at), source, partition_key and
         *     headers (containment), tenant. A scoped API key reads only the events of
         *     its scope, counts included (db/security.md). A read needs limit=N (up to 1000) or a Range header
         *     (else LE084, HTTP 400).
         *
         *     HEAD runs the same query as GET and answers with its headers only: with Prefer: count=exact, Content-Range carries the number of matching rows (*\/1234 when there are none to return).
         *
         *     Needs an API key with access producer_reader or reader.
         */
        head: operations["read_events_head"];
        patch?: never;
        trace?: never;
    };
    "/log_keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The public keys checkpoints are signed with: an auditor keeps a copy of the key it trusts.
         * @description Rows come as a JSON array, or as CSV with Accept: text/csv. Filter with one query parameter per column; shape the result with select, order, limit and offset (or a Range header); ask for the total with Prefer: count=exact.
         *
         *     Needs an API key with access producer_reader or reader.
         */
        get: operations["read_log_keys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The public keys checkpoints are signed with: an auditor keeps a copy of the key it trusts.
         * @description HEAD runs the same query as GET and answers with its headers only: with Prefer: count=exact, Content-Range carries the number of matching rows (*\/1234 when there are none to return).
         *
         *     Needs an API key with access producer_reader or reader.
         */
        head: operations["read_log_keys_head"];
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The body of every error response: PostgreSQL's error fields, as PostgREST sends them. */
        PostgrestError: {
            /** @description The error code: LE0xx for lib_event's input checks, PT401 or PT403 for API keys, PT413 for a size bound, a PostgreSQL SQLSTATE (22P02, 23505...) or PGRSTxxx for PostgREST's own errors. */
            code: string;
            /** @description What went wrong, naming the offending value. */
            message: string;
            /** @description More about the error, if any. */
            details: string | null;
            /** @description What is allowed instead, if known. */
            hint: string | null;
        };
        /**
         * @description Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.
         *
         *     Since C2SP checkpoints, note is the checkpoint as a signed note
         *     (c2sp.org/tlog-checkpoint) that any note verifier opens with the vkey of
         *     GET /log_keys; older checkpoints have no origin and no note.
         */
        checkpoints: {
            /**
             * Format: int64
             * @description How many events the signed tree holds.
             */
            tree_size: number | null;
            /** @description The Merkle tree hash of positions 1 to tree_size, hex. */
            root_hash: string | null;
            /**
             * Format: date-time
             * @description When it was signed.
             */
            signed_at: string | null;
            /** @description The signing key (see log_keys). */
            key_id: string | null;
            /** @description Ed25519 signature of signed_text, base64. */
            signature: string | null;
            /** @description The exact text signed (UTF-8): the note text of a C2SP checkpoint, or the lib_event checkpoint v1 text. */
            signed_text: string | null;
            /** @description The log's origin, the note's first line; null for a lib_event checkpoint v1. */
            origin: string | null;
            /** @description The C2SP signed note: text, blank line, the log's signature line and any witnesses' cosignature lines; null for a lib_event checkpoint v1. */
            note: string | null;
            /** @description The witnesses whose cosignatures the note carries (their key names), for a policy such as "at least 2 of them": ?cosigned_by=cs.{w1.example,w2.example}. */
            cosigned_by: string[] | null;
        };
        /** @description What POST /rpc/erase erased: the lib_event.event.erased event recording it, and counts. */
        erasure: {
            /**
             * Format: uuid
             * @description The lib_event.event.erased event that records the erasure (who, why, which events; never the content).
             */
            erasure__id: string | null;
            /**
             * Format: date-time
             * @description When the events were erased: each erased event's erased_at.
             */
            erased_at: string | null;
            /** @description Who erased: the API key's consumer, as the erasure event records it. */
            erased_by: string | null;
            /**
             * Format: int32
             * @description How many events were erased.
             */
            erased: number | null;
            /**
             * Format: int32
             * @description How many of them were recorded before salted leaves (format v1) and erased with break_v1_proofs: verify names them erased-unprovable.
             */
            unprovable: number | null;
            /**
             * Format: int32
             * @description How many deferred payloads (over 256 KiB) were removed with them.
             */
            deferred_payloads: number | null;
            /**
             * Format: int32
             * @description How many idempotency records were removed with them.
             */
            idempotency_keys: number | null;
            /** @description The ids of the events erased. */
            event_ids: string[] | null;
            /** @description Partitions archived and dropped, which the database cannot search: for a partition_key or header selector their archive files may hold more of the subject's events, which npm run erase -- --archive-dir erases. Empty for event_ids (an id there is refused, LE095). */
            archived_partitions: string[] | null;
        };
        /** @description What recording an event returns: its id, times, consumer and stored headers (not the payload, which the caller already has). */
        event_receipt: {
            /** Format: uuid */
            event__id: string | null;
            event_type: string | null;
            /** Format: date-time */
            occurred_at: string | null;
            /** Format: date-time */
            created_at: string | null;
            consumer: string | null;
            headers: unknown;
        };
        /**
         * @description Recorded events, for querying.
         *
         *     Filter any column with PostgREST operators, e.g.
         *     event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
         *     consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
         *     created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
         *     headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
         *     (consumer, created_at), (event_type, created_at), source, partition_key and
         *     headers (containment), tenant. A scoped API key reads only the events of
         *     its scope, counts included (db/security.md). A read needs limit=N (up to 1000) or a Range header
         *     (else LE084, HTTP 400).
         */
        events: {
            /**
             * Format: uuid
             * @description Time-ordered (UUIDv7) id, assigned at recording.
             */
            event__id: string;
            /** @description What happened: <service>.<resourceType>.<verb_past_tense>. */
            event_type: string;
            /**
             * Format: date-time
             * @description When it happened in the system that reports it.
             */
            occurred_at: string;
            /**
             * Format: date-time
             * @description When lib_event recorded it.
             */
            created_at: string;
            /**
             * Format: uuid
             * @description The entity that originated the event, if known.
             */
            source: string | null;
            /** @description Caller-chosen key grouping related events. */
            partition_key: string | null;
            /** @description Who recorded it: the API key's name, or the database role of a direct SQL caller. */
            consumer: string;
            /** @description User-defined headers plus the standard entries. */
            headers: unknown;
            /** @description The event content; null when deferred (payload_deferred): read it with event_payload; null once erased (erased_at). */
            payload: unknown;
            /** @description Whether the payload is over 256 KiB of JSON text and left out: GET /rpc/event_payload?event__id=... returns it. */
            payload_deferred: boolean | null;
            /**
             * Format: int64
             * @description For a deferred payload, its bytes of JSON text; null otherwise.
             */
            payload_size: number | null;
            /** @description For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise. */
            payload_sha256: string | null;
            /**
             * Format: date-time
             * @description When the event's payload and own headers were erased (lib_event.erase); null while it holds them.
             */
            erased_at: string | null;
            /**
             * Format: uuid
             * @description The lib_event.event.erased event recording the erasure (who, why, which events); null while not erased.
             */
            erasure__id: string | null;
            /** @description The tenant the event belongs to, if any (also in headers.tenant): the producer key's tenant, or the tenant field of create. */
            tenant: string | null;
        };
        /** @description An event as lib_events.follow hands it out: the event's columns, its position, and the cursor to resume after it. */
        followed_event: {
            /**
             * Format: uuid
             * @description Time-ordered (UUIDv7) id, assigned at recording.
             */
            event__id: string | null;
            /** @description What happened: <service>.<resourceType>.<verb_past_tense>. */
            event_type: string | null;
            /**
             * Format: date-time
             * @description When it happened in the system that reports it.
             */
            occurred_at: string | null;
            /**
             * Format: date-time
             * @description When lib_event recorded it.
             */
            created_at: string | null;
            /**
             * Format: uuid
             * @description The entity that originated the event, if known.
             */
            source: string | null;
            /** @description Caller-chosen key grouping related events. */
            partition_key: string | null;
            /** @description Who recorded it: the API key's name, or the database role of a direct SQL caller. */
            consumer: string | null;
            /** @description User-defined headers plus the standard entries. */
            headers: unknown;
            /** @description The event content; null when deferred (payload_deferred): read it with event_payload. */
            payload: unknown;
            /**
             * @deprecated
             * @description The same as cursor, under its older name; kept for readers written before cursor.
             */
            checkpoint: string | null;
            /** @description Whether the payload is over 256 KiB of JSON text and left out of this page: GET /rpc/event_payload?event__id=... returns it. */
            payload_deferred: boolean | null;
            /**
             * Format: int64
             * @description For a deferred payload, its bytes of JSON text; null otherwise.
             */
            payload_size: number | null;
            /** @description For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise. */
            payload_sha256: string | null;
            /**
             * Format: int64
             * @description The event's position in the log: 1, 2, 3, ... with no gap; the same in every copy of the log.
             */
            position: number | null;
            /** @description Resume after this event: pass it as cursor to lib_events.follow (its position, as text). */
            cursor: string | null;
            /** @description The tenant the event belongs to, if any. */
            tenant: string | null;
            /**
             * Format: date-time
             * @description When the event's payload and own headers were erased (lib_event.erase); null while it holds them.
             */
            erased_at: string | null;
            /**
             * Format: uuid
             * @description The lib_event.event.erased event recording the erasure; null while not erased.
             */
            erasure__id: string | null;
        };
        /** @description One event as find returns it, with the cursor that continues after it. */
        found_event: {
            /**
             * Format: uuid
             * @description Time-ordered (UUIDv7) id, assigned at recording.
             */
            event__id: string | null;
            /** @description What happened: <service>.<resourceType>.<verb_past_tense>. */
            event_type: string | null;
            /** @description Who recorded it. */
            consumer: string | null;
            /**
             * Format: date-time
             * @description When lib_event recorded it.
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @description When it happened in the system that reports it.
             */
            occurred_at: string | null;
            /**
             * Format: uuid
             * @description The entity that originated the event, if known.
             */
            source: string | null;
            /** @description Caller-chosen key grouping related events. */
            partition_key: string | null;
            /** @description User-defined headers plus the standard entries. */
            headers: unknown;
            /** @description The event content; null when deferred (payload_deferred): read it with event_payload. */
            payload: unknown;
            /** @description Opaque position of this row: pass it as cursor to get the events after it. */
            cursor: string | null;
            /** @description Whether the payload is over 256 KiB of JSON text and left out of this page: GET /rpc/event_payload?event__id=... returns it. */
            payload_deferred: boolean | null;
            /**
             * Format: int64
             * @description For a deferred payload, its bytes of JSON text; null otherwise.
             */
            payload_size: number | null;
            /** @description For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise. */
            payload_sha256: string | null;
            /** @description The tenant the event belongs to, if any. */
            tenant: string | null;
            /**
             * Format: date-time
             * @description When the event's payload and own headers were erased (lib_event.erase); null while it holds them.
             */
            erased_at: string | null;
            /**
             * Format: uuid
             * @description The lib_event.event.erased event recording the erasure; null while not erased.
             */
            erasure__id: string | null;
        };
        /** @description The public keys checkpoints are signed with: an auditor keeps a copy of the key it trusts. */
        log_keys: {
            /** @description The key's id, as checkpoints name it. */
            key_id: string | null;
            /** @description Ed25519 public key, PEM. */
            public_key: string | null;
            /**
             * Format: date-time
             * @description When it was first used.
             */
            created_at: string | null;
            /** @description The key as a C2SP verifier key (<origin>+<key ID>+<key>): what note verifiers (Go's golang.org/x/mod/sumdb/note, witnesses) take; null until the first C2SP checkpoint names the origin. */
            vkey: string | null;
        };
        /** @description The API key a request is made with: who holds it, what it may do, and the share of the log it is limited to (null: no limit). */
        presented_key: {
            /**
             * Format: uuid
             * @description The key's id (npm run key:list shows it; npm run key:revoke -- --id takes it).
             */
            api_key__id: string | null;
            /** @description The consumer name the key records under and is known by. */
            consumer: string | null;
            /**
             * @description What the key may do: producer records events, reader reads them, producer_reader both.
             * @enum {string|null}
             */
            access: "producer" | "reader" | "producer_reader" | null;
            /**
             * Format: date-time
             * @description When the key was created.
             */
            created_at: string | null;
            /** @description Whether the key is limited at all: true when any of event_types, tenants and consumers is set. A scoped reader sees only its share of the log, so the positions it reads have gaps; a scoped producer records only within its scope. */
            scoped: boolean | null;
            /** @description The event types the key may read or record, as patterns (billing.invoice.paid, billing.*, billing.invoice.*); null when any. */
            event_types: string[] | null;
            /** @description The tenants whose events the key may read (a producer key: the one tenant every event it records gets); null when any, events without a tenant included. */
            tenants: string[] | null;
            /** @description The recording consumers whose events the key may read; null when any (always null for a producer key). */
            consumers: string[] | null;
            /** @description Whether the key holds the erase right: POST /rpc/erase erases personal data of the events it reads (npm run key:create -- ... --erase). */
            may_erase: boolean | null;
        };
    };
    responses: {
        /** @description Bad input: LE0xx (a value lib_event refuses; the message names it and the hint says what is allowed), 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
        /** @description No API key, or an unknown or revoked one (PT401). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
        /** @description The API key's access does not allow this operation (PT403). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
        /** @description No such function or view, or no function of this name takes these arguments (PGRST202, PGRST205). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
        /** @description The request conflicts with recorded data (23505, 23503). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
        /** @description A value is over a size bound (PT413): the message names the bound. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
        /** @description The requested range starts past the last row (PGRST103). */
        RangeNotSatisfiable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
        /** @description None of the media types the Accept header lists is one this operation answers with (PGRST107). */
        NotAcceptable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PostgrestError"];
            };
        };
    };
    parameters: {
        /** @description The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`. */
        select: string;
        /** @description Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`. */
        order: string;
        /** @description Return at most this many rows. */
        limit: number;
        /** @description Skip this many rows first (use with order). */
        offset: number;
        /** @description Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate. */
        or: string;
        /** @description Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`. */
        and: string;
        /** @description Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset. */
        Range: string;
        /** @description The unit of the Range header: items. */
        "Range-Unit": "items";
        /** @description `count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate. */
        Prefer: string;
    };
    requestBodies: never;
    headers: {
        /** @description The rows returned and the total if counted: 0-24/3573, or 0-24/* without Prefer: count. */
        "Content-Range": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The OpenAPI version of the document: 3.1.0. */
                        openapi: string;
                        /** @description The API's title, description, licence and version. */
                        info: {
                            [key: string]: unknown;
                        };
                        /** @description The operations, by path. */
                        paths: {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            406: components["responses"]["NotAcceptable"];
        };
    };
    call_api_key_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["presented_key"];
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer, producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["presented_key"];
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer, producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_consistency_proof_get: {
        parameters: {
            query: {
                first_size: number;
                second_size?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. This operation's own checks: LE070. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_consistency_proof: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: int64 */
                    first_size: number;
                    /**
                     * Format: int64
                     * @default null
                     */
                    second_size?: number | null;
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. This operation's own checks: LE070. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    event_type: string;
                    /** @default null */
                    payload?: unknown;
                    /** @default {} */
                    headers?: unknown;
                    /**
                     * Format: date-time
                     * @default null
                     */
                    occurred_at?: string | null;
                    /**
                     * Format: uuid
                     * @default null
                     */
                    source?: string | null;
                    /** @default null */
                    partition_key?: string | null;
                    /** @default null */
                    idempotency_key?: string | null;
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["event_receipt"];
                };
            };
            /** @description Bad input. This operation's own checks: LE001, LE002, LE003, LE004, LE005, LE006, LE014, LE040, LE081, LE082, LE085. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer, producer_reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
            /** @description The request conflicts with recorded data (23505, 23503). */
            409: components["responses"]["Conflict"];
            /** @description A value is over a size bound (PT413); the message names the bound. */
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    call_create_many: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    event_type: string;
                    /** @default null */
                    payload?: unknown;
                    /** @default {} */
                    headers?: unknown;
                    /**
                     * Format: date-time
                     * @default null
                     */
                    occurred_at?: string | null;
                    /**
                     * Format: uuid
                     * @default null
                     */
                    source?: string | null;
                    /** @default null */
                    partition_key?: string | null;
                    /** @default null */
                    idempotency_key?: string | null;
                }[] | {
                    /** @description The events, each with the fields it needs. */
                    events: {
                        event_type: string;
                        /** @default null */
                        payload?: unknown;
                        /** @default {} */
                        headers?: unknown;
                        /**
                         * Format: date-time
                         * @default null
                         */
                        occurred_at?: string | null;
                        /**
                         * Format: uuid
                         * @default null
                         */
                        source?: string | null;
                        /** @default null */
                        partition_key?: string | null;
                        /** @default null */
                        idempotency_key?: string | null;
                    }[];
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["event_receipt"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE001, LE002, LE003, LE004, LE005, LE006, LE007, LE008, LE014, LE040, LE041, LE081, LE082, LE085. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer, producer_reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
            /** @description The request conflicts with recorded data (23505, 23503). */
            409: components["responses"]["Conflict"];
            /** @description A value is over a size bound (PT413); the message names the bound. */
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    call_erase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                    /** @description Defaults to NULL::uuid[]. */
                    event_ids?: string[];
                    /** @default null */
                    partition_key?: string | null;
                    /** @default null */
                    header?: unknown;
                    /**
                     * Format: int32
                     * @default null
                     */
                    confirm?: number | null;
                    /** @default false */
                    break_v1_proofs?: boolean;
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["erasure"];
                };
            };
            /** @description Bad input. This operation's own checks: LE001, LE002, LE003, LE004, LE005, LE006, LE014, LE040, LE081, LE082, LE085, LE090, LE091, LE092, LE093, LE094, LE095, LE096. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer, producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
            /** @description The request conflicts with recorded data (23505, 23503). */
            409: components["responses"]["Conflict"];
            /** @description A value is over a size bound (PT413); the message names the bound. */
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    call_event_payload_get: {
        parameters: {
            query: {
                event__id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No event with the id given (PT404; the message names it), or no function of this name takes these arguments (PGRST202). */
            404: components["responses"]["NotFound"];
        };
    };
    call_event_payload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    event__id: string;
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No event with the id given (PT404; the message names it), or no function of this name takes these arguments (PGRST202). */
            404: components["responses"]["NotFound"];
        };
    };
    call_explorer_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_explorer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_find_get: {
        parameters: {
            query?: {
                event_type?: string | null;
                consumer?: string | null;
                created_from?: string | null;
                created_to?: string | null;
                cursor?: string | null;
                page_size?: number;
                /**
                 * @deprecated
                 * @description The older name of event_type, still taken: use event_type.
                 */
                type?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["found_event"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE020, LE021, LE080. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
            /** @description A value is over a size bound (PT413); the message names the bound. */
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    call_find: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @default null */
                    event_type?: string | null;
                    /** @default null */
                    consumer?: string | null;
                    /**
                     * Format: date-time
                     * @default null
                     */
                    created_from?: string | null;
                    /**
                     * Format: date-time
                     * @default null
                     */
                    created_to?: string | null;
                    /** @default null */
                    cursor?: string | null;
                    /**
                     * Format: int32
                     * @default 100
                     */
                    page_size?: number;
                    /**
                     * @deprecated
                     * @description The older name of event_type, still taken: use event_type.
                     * @default null
                     */
                    type?: string | null;
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["found_event"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE020, LE021, LE080. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
            /** @description A value is over a size bound (PT413); the message names the bound. */
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    call_follow_get: {
        parameters: {
            query?: {
                cursor?: string | null;
                page_size?: number | null;
                /**
                 * @deprecated
                 * @description The older name of cursor, still taken: use cursor.
                 */
                after?: string | null;
                /**
                 * @deprecated
                 * @description The older name of page_size, still taken: use page_size.
                 */
                max?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["followed_event"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE030, LE031, LE033, LE080. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_follow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @default null */
                    cursor?: string | null;
                    /**
                     * Format: int32
                     * @default null
                     */
                    page_size?: number | null;
                    /**
                     * @deprecated
                     * @description The older name of cursor, still taken: use cursor.
                     * @default null
                     */
                    after?: string | null;
                    /**
                     * Format: int32
                     * @deprecated
                     * @description The older name of page_size, still taken: use page_size.
                     * @default null
                     */
                    max?: number | null;
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["followed_event"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE030, LE031, LE033, LE080. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_follow_head_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_follow_head: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. This operation's own checks: LE030, LE033. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. This operation's own checks: LE030, LE033. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_inclusion_proof_get: {
        parameters: {
            query: {
                event__id: string;
                tree_size?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. This operation's own checks: LE070, LE071. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No event with the id given (PT404; the message names it), or no function of this name takes these arguments (PGRST202). */
            404: components["responses"]["NotFound"];
        };
    };
    call_inclusion_proof: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    event__id: string;
                    /**
                     * Format: int64
                     * @default null
                     */
                    tree_size?: number | null;
                };
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad input. This operation's own checks: LE070, LE071. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No event with the id given (PT404; the message names it), or no function of this name takes these arguments (PGRST202). */
            404: components["responses"]["NotFound"];
        };
    };
    call_metrics_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE030, LE033. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE030, LE033. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
        };
    };
    call_request_checkpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The function's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": number;
                };
            };
            /** @description Bad input. This operation's own checks: LE081, LE082. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description No function of this name takes these arguments (PGRST202): check the argument names. */
            404: components["responses"]["NotFound"];
            /** @description The request conflicts with recorded data (23505, 23503). */
            409: components["responses"]["Conflict"];
        };
    };
    read_checkpoints: {
        parameters: {
            query?: {
                /**
                 * @description Filter on tree_size (bigint): `tree_size=<operator>.<value>`, e.g. `tree_size=gt.10`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`tree_size=not.gt.10`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     How many events the signed tree holds.
                 */
                tree_size?: string | string[];
                /**
                 * @description Filter on root_hash (text): `root_hash=<operator>.<value>`, e.g. `root_hash=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`root_hash=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The Merkle tree hash of positions 1 to tree_size, hex.
                 */
                root_hash?: string | string[];
                /**
                 * @description Filter on signed_at (timestamp with time zone): `signed_at=<operator>.<value>`, e.g. `signed_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`signed_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When it was signed.
                 */
                signed_at?: string | string[];
                /**
                 * @description Filter on key_id (text): `key_id=<operator>.<value>`, e.g. `key_id=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`key_id=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The signing key (see log_keys).
                 */
                key_id?: string | string[];
                /**
                 * @description Filter on signature (text): `signature=<operator>.<value>`, e.g. `signature=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`signature=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Ed25519 signature of signed_text, base64.
                 */
                signature?: string | string[];
                /**
                 * @description Filter on signed_text (text): `signed_text=<operator>.<value>`, e.g. `signed_text=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`signed_text=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The exact text signed (UTF-8): the note text of a C2SP checkpoint, or the lib_event checkpoint v1 text.
                 */
                signed_text?: string | string[];
                /**
                 * @description Filter on origin (text): `origin=<operator>.<value>`, e.g. `origin=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`origin=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The log's origin, the note's first line; null for a lib_event checkpoint v1.
                 */
                origin?: string | string[];
                /**
                 * @description Filter on note (text): `note=<operator>.<value>`, e.g. `note=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`note=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The C2SP signed note: text, blank line, the log's signature line and any witnesses' cosignature lines; null for a lib_event checkpoint v1.
                 */
                note?: string | string[];
                /**
                 * @description Filter on cosigned_by (text[]): `cosigned_by=<operator>.<value>`, e.g. `cosigned_by=cs.{a,b}`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `cs` contains (@>); `cd` is contained in (<@); `ov` overlaps (&&).
                 *
                 *     Prefix `not.` to negate (`cosigned_by=not.cs.{a,b}`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The witnesses whose cosignatures the note carries (their key names), for a policy such as "at least 2 of them": ?cosigned_by=cs.{w1.example,w2.example}.
                 */
                cosigned_by?: string | string[];
                /** @description The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`. */
                select?: components["parameters"]["select"];
                /** @description Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`. */
                order?: components["parameters"]["order"];
                /** @description Return at most this many rows. */
                limit?: components["parameters"]["limit"];
                /** @description Skip this many rows first (use with order). */
                offset?: components["parameters"]["offset"];
                /** @description Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate. */
                or?: components["parameters"]["or"];
                /** @description Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`. */
                and?: components["parameters"]["and"];
            };
            header?: {
                /** @description Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset. */
                Range?: components["parameters"]["Range"];
                /** @description The unit of the Range header: items. */
                "Range-Unit"?: components["parameters"]["Range-Unit"];
                /** @description `count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate. */
                Prefer?: components["parameters"]["Prefer"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching rows. */
            200: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["checkpoints"][];
                    "text/csv": string;
                };
            };
            /** @description Part of the matching rows: a range or limit cut the result short (the Content-Range header says which). */
            206: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["checkpoints"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description The requested range starts past the last row (PGRST103). */
            416: components["responses"]["RangeNotSatisfiable"];
        };
    };
    read_checkpoints_head: {
        parameters: {
            query?: {
                /**
                 * @description Filter on tree_size (bigint): `tree_size=<operator>.<value>`, e.g. `tree_size=gt.10`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`tree_size=not.gt.10`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     How many events the signed tree holds.
                 */
                tree_size?: string | string[];
                /**
                 * @description Filter on root_hash (text): `root_hash=<operator>.<value>`, e.g. `root_hash=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`root_hash=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The Merkle tree hash of positions 1 to tree_size, hex.
                 */
                root_hash?: string | string[];
                /**
                 * @description Filter on signed_at (timestamp with time zone): `signed_at=<operator>.<value>`, e.g. `signed_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`signed_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When it was signed.
                 */
                signed_at?: string | string[];
                /**
                 * @description Filter on key_id (text): `key_id=<operator>.<value>`, e.g. `key_id=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`key_id=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The signing key (see log_keys).
                 */
                key_id?: string | string[];
                /**
                 * @description Filter on signature (text): `signature=<operator>.<value>`, e.g. `signature=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`signature=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Ed25519 signature of signed_text, base64.
                 */
                signature?: string | string[];
                /**
                 * @description Filter on signed_text (text): `signed_text=<operator>.<value>`, e.g. `signed_text=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`signed_text=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The exact text signed (UTF-8): the note text of a C2SP checkpoint, or the lib_event checkpoint v1 text.
                 */
                signed_text?: string | string[];
                /**
                 * @description Filter on origin (text): `origin=<operator>.<value>`, e.g. `origin=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`origin=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The log's origin, the note's first line; null for a lib_event checkpoint v1.
                 */
                origin?: string | string[];
                /**
                 * @description Filter on note (text): `note=<operator>.<value>`, e.g. `note=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`note=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The C2SP signed note: text, blank line, the log's signature line and any witnesses' cosignature lines; null for a lib_event checkpoint v1.
                 */
                note?: string | string[];
                /**
                 * @description Filter on cosigned_by (text[]): `cosigned_by=<operator>.<value>`, e.g. `cosigned_by=cs.{a,b}`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `cs` contains (@>); `cd` is contained in (<@); `ov` overlaps (&&).
                 *
                 *     Prefix `not.` to negate (`cosigned_by=not.cs.{a,b}`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The witnesses whose cosignatures the note carries (their key names), for a policy such as "at least 2 of them": ?cosigned_by=cs.{w1.example,w2.example}.
                 */
                cosigned_by?: string | string[];
                /** @description The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`. */
                select?: components["parameters"]["select"];
                /** @description Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`. */
                order?: components["parameters"]["order"];
                /** @description Return at most this many rows. */
                limit?: components["parameters"]["limit"];
                /** @description Skip this many rows first (use with order). */
                offset?: components["parameters"]["offset"];
                /** @description Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate. */
                or?: components["parameters"]["or"];
                /** @description Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`. */
                and?: components["parameters"]["and"];
            };
            header?: {
                /** @description Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset. */
                Range?: components["parameters"]["Range"];
                /** @description The unit of the Range header: items. */
                "Range-Unit"?: components["parameters"]["Range-Unit"];
                /** @description `count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate. */
                Prefer?: components["parameters"]["Prefer"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Headers only. The matching rows. */
            200: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Headers only. Part of the matching rows: a range or limit cut the result short (the Content-Range header says which). */
            206: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description The requested range starts past the last row (PGRST103). */
            416: components["responses"]["RangeNotSatisfiable"];
        };
    };
    read_events: {
        parameters: {
            query?: {
                /**
                 * @description Filter on event__id (uuid): `event__id=<operator>.<value>`, e.g. `event__id=eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`event__id=not.eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Time-ordered (UUIDv7) id, assigned at recording.
                 */
                event__id?: string | string[];
                /**
                 * @description Filter on event_type (text): `event_type=<operator>.<value>`, e.g. `event_type=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`event_type=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     What happened: <service>.<resourceType>.<verb_past_tense>.
                 */
                event_type?: string | string[];
                /**
                 * @description Filter on occurred_at (timestamp with time zone): `occurred_at=<operator>.<value>`, e.g. `occurred_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`occurred_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When it happened in the system that reports it.
                 */
                occurred_at?: string | string[];
                /**
                 * @description Filter on created_at (timestamp with time zone): `created_at=<operator>.<value>`, e.g. `created_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`created_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When lib_event recorded it.
                 */
                created_at?: string | string[];
                /**
                 * @description Filter on source (uuid): `source=<operator>.<value>`, e.g. `source=eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`source=not.eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The entity that originated the event, if known.
                 */
                source?: string | string[];
                /**
                 * @description Filter on partition_key (text): `partition_key=<operator>.<value>`, e.g. `partition_key=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`partition_key=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Caller-chosen key grouping related events.
                 */
                partition_key?: string | string[];
                /**
                 * @description Filter on consumer (text): `consumer=<operator>.<value>`, e.g. `consumer=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`consumer=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Who recorded it: the API key's name, or the database role of a direct SQL caller.
                 */
                consumer?: string | string[];
                /**
                 * @description Filter on headers (jsonb): `headers=<operator>.<value>`, e.g. `headers=cs.{"key":"value"}`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `cs` contains (@>); `cd` is contained in (<@).
                 *
                 *     Prefix `not.` to negate (`headers=not.cs.{"key":"value"}`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     User-defined headers plus the standard entries.
                 */
                headers?: string | string[];
                /**
                 * @description Filter on payload (jsonb): `payload=<operator>.<value>`, e.g. `payload=cs.{"key":"value"}`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `cs` contains (@>); `cd` is contained in (<@).
                 *
                 *     Prefix `not.` to negate (`payload=not.cs.{"key":"value"}`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The event content; null when deferred (payload_deferred): read it with event_payload; null once erased (erased_at).
                 */
                payload?: string | string[];
                /**
                 * @description Filter on payload_deferred (boolean): `payload_deferred=<operator>.<value>`, e.g. `payload_deferred=is.true`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`payload_deferred=not.is.true`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Whether the payload is over 256 KiB of JSON text and left out: GET /rpc/event_payload?event__id=... returns it.
                 */
                payload_deferred?: string | string[];
                /**
                 * @description Filter on payload_size (bigint): `payload_size=<operator>.<value>`, e.g. `payload_size=gt.10`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`payload_size=not.gt.10`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     For a deferred payload, its bytes of JSON text; null otherwise.
                 */
                payload_size?: string | string[];
                /**
                 * @description Filter on payload_sha256 (text): `payload_sha256=<operator>.<value>`, e.g. `payload_sha256=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`payload_sha256=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.
                 */
                payload_sha256?: string | string[];
                /**
                 * @description Filter on erased_at (timestamp with time zone): `erased_at=<operator>.<value>`, e.g. `erased_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`erased_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When the event's payload and own headers were erased (lib_event.erase); null while it holds them.
                 */
                erased_at?: string | string[];
                /**
                 * @description Filter on erasure__id (uuid): `erasure__id=<operator>.<value>`, e.g. `erasure__id=eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`erasure__id=not.eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The lib_event.event.erased event recording the erasure (who, why, which events); null while not erased.
                 */
                erasure__id?: string | string[];
                /**
                 * @description Filter on tenant (text): `tenant=<operator>.<value>`, e.g. `tenant=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`tenant=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The tenant the event belongs to, if any (also in headers.tenant): the producer key's tenant, or the tenant field of create.
                 */
                tenant?: string | string[];
                /** @description The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`. */
                select?: components["parameters"]["select"];
                /** @description Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`. */
                order?: components["parameters"]["order"];
                /** @description Return at most this many rows. */
                limit?: components["parameters"]["limit"];
                /** @description Skip this many rows first (use with order). */
                offset?: components["parameters"]["offset"];
                /** @description Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate. */
                or?: components["parameters"]["or"];
                /** @description Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`. */
                and?: components["parameters"]["and"];
            };
            header?: {
                /** @description Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset. */
                Range?: components["parameters"]["Range"];
                /** @description The unit of the Range header: items. */
                "Range-Unit"?: components["parameters"]["Range-Unit"];
                /** @description `count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate. */
                Prefer?: components["parameters"]["Prefer"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching rows. */
            200: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["events"][];
                    "text/csv": string;
                };
            };
            /** @description Part of the matching rows: a range or limit cut the result short (the Content-Range header says which). */
            206: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["events"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. This operation's own checks: LE084. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description The requested range starts past the last row (PGRST103). */
            416: components["responses"]["RangeNotSatisfiable"];
        };
    };
    read_events_head: {
        parameters: {
            query?: {
                /**
                 * @description Filter on event__id (uuid): `event__id=<operator>.<value>`, e.g. `event__id=eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`event__id=not.eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Time-ordered (UUIDv7) id, assigned at recording.
                 */
                event__id?: string | string[];
                /**
                 * @description Filter on event_type (text): `event_type=<operator>.<value>`, e.g. `event_type=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`event_type=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     What happened: <service>.<resourceType>.<verb_past_tense>.
                 */
                event_type?: string | string[];
                /**
                 * @description Filter on occurred_at (timestamp with time zone): `occurred_at=<operator>.<value>`, e.g. `occurred_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`occurred_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When it happened in the system that reports it.
                 */
                occurred_at?: string | string[];
                /**
                 * @description Filter on created_at (timestamp with time zone): `created_at=<operator>.<value>`, e.g. `created_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`created_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When lib_event recorded it.
                 */
                created_at?: string | string[];
                /**
                 * @description Filter on source (uuid): `source=<operator>.<value>`, e.g. `source=eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`source=not.eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The entity that originated the event, if known.
                 */
                source?: string | string[];
                /**
                 * @description Filter on partition_key (text): `partition_key=<operator>.<value>`, e.g. `partition_key=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`partition_key=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Caller-chosen key grouping related events.
                 */
                partition_key?: string | string[];
                /**
                 * @description Filter on consumer (text): `consumer=<operator>.<value>`, e.g. `consumer=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`consumer=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Who recorded it: the API key's name, or the database role of a direct SQL caller.
                 */
                consumer?: string | string[];
                /**
                 * @description Filter on headers (jsonb): `headers=<operator>.<value>`, e.g. `headers=cs.{"key":"value"}`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `cs` contains (@>); `cd` is contained in (<@).
                 *
                 *     Prefix `not.` to negate (`headers=not.cs.{"key":"value"}`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     User-defined headers plus the standard entries.
                 */
                headers?: string | string[];
                /**
                 * @description Filter on payload (jsonb): `payload=<operator>.<value>`, e.g. `payload=cs.{"key":"value"}`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `cs` contains (@>); `cd` is contained in (<@).
                 *
                 *     Prefix `not.` to negate (`payload=not.cs.{"key":"value"}`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The event content; null when deferred (payload_deferred): read it with event_payload; null once erased (erased_at).
                 */
                payload?: string | string[];
                /**
                 * @description Filter on payload_deferred (boolean): `payload_deferred=<operator>.<value>`, e.g. `payload_deferred=is.true`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`payload_deferred=not.is.true`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Whether the payload is over 256 KiB of JSON text and left out: GET /rpc/event_payload?event__id=... returns it.
                 */
                payload_deferred?: string | string[];
                /**
                 * @description Filter on payload_size (bigint): `payload_size=<operator>.<value>`, e.g. `payload_size=gt.10`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`payload_size=not.gt.10`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     For a deferred payload, its bytes of JSON text; null otherwise.
                 */
                payload_size?: string | string[];
                /**
                 * @description Filter on payload_sha256 (text): `payload_sha256=<operator>.<value>`, e.g. `payload_sha256=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`payload_sha256=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.
                 */
                payload_sha256?: string | string[];
                /**
                 * @description Filter on erased_at (timestamp with time zone): `erased_at=<operator>.<value>`, e.g. `erased_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`erased_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When the event's payload and own headers were erased (lib_event.erase); null while it holds them.
                 */
                erased_at?: string | string[];
                /**
                 * @description Filter on erasure__id (uuid): `erasure__id=<operator>.<value>`, e.g. `erasure__id=eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`erasure__id=not.eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The lib_event.event.erased event recording the erasure (who, why, which events); null while not erased.
                 */
                erasure__id?: string | string[];
                /**
                 * @description Filter on tenant (text): `tenant=<operator>.<value>`, e.g. `tenant=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`tenant=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The tenant the event belongs to, if any (also in headers.tenant): the producer key's tenant, or the tenant field of create.
                 */
                tenant?: string | string[];
                /** @description The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`. */
                select?: components["parameters"]["select"];
                /** @description Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`. */
                order?: components["parameters"]["order"];
                /** @description Return at most this many rows. */
                limit?: components["parameters"]["limit"];
                /** @description Skip this many rows first (use with order). */
                offset?: components["parameters"]["offset"];
                /** @description Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate. */
                or?: components["parameters"]["or"];
                /** @description Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`. */
                and?: components["parameters"]["and"];
            };
            header?: {
                /** @description Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset. */
                Range?: components["parameters"]["Range"];
                /** @description The unit of the Range header: items. */
                "Range-Unit"?: components["parameters"]["Range-Unit"];
                /** @description `count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate. */
                Prefer?: components["parameters"]["Prefer"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Headers only. The matching rows. */
            200: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Headers only. Part of the matching rows: a range or limit cut the result short (the Content-Range header says which). */
            206: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input. This operation's own checks: LE084. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description The requested range starts past the last row (PGRST103). */
            416: components["responses"]["RangeNotSatisfiable"];
        };
    };
    read_log_keys: {
        parameters: {
            query?: {
                /**
                 * @description Filter on key_id (text): `key_id=<operator>.<value>`, e.g. `key_id=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`key_id=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The key's id, as checkpoints name it.
                 */
                key_id?: string | string[];
                /**
                 * @description Filter on public_key (text): `public_key=<operator>.<value>`, e.g. `public_key=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`public_key=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Ed25519 public key, PEM.
                 */
                public_key?: string | string[];
                /**
                 * @description Filter on created_at (timestamp with time zone): `created_at=<operator>.<value>`, e.g. `created_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`created_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When it was first used.
                 */
                created_at?: string | string[];
                /**
                 * @description Filter on vkey (text): `vkey=<operator>.<value>`, e.g. `vkey=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`vkey=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The key as a C2SP verifier key (<origin>+<key ID>+<key>): what note verifiers (Go's golang.org/x/mod/sumdb/note, witnesses) take; null until the first C2SP checkpoint names the origin.
                 */
                vkey?: string | string[];
                /** @description The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`. */
                select?: components["parameters"]["select"];
                /** @description Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`. */
                order?: components["parameters"]["order"];
                /** @description Return at most this many rows. */
                limit?: components["parameters"]["limit"];
                /** @description Skip this many rows first (use with order). */
                offset?: components["parameters"]["offset"];
                /** @description Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate. */
                or?: components["parameters"]["or"];
                /** @description Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`. */
                and?: components["parameters"]["and"];
            };
            header?: {
                /** @description Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset. */
                Range?: components["parameters"]["Range"];
                /** @description The unit of the Range header: items. */
                "Range-Unit"?: components["parameters"]["Range-Unit"];
                /** @description `count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate. */
                Prefer?: components["parameters"]["Prefer"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching rows. */
            200: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["log_keys"][];
                    "text/csv": string;
                };
            };
            /** @description Part of the matching rows: a range or limit cut the result short (the Content-Range header says which). */
            206: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["log_keys"][];
                    "text/csv": string;
                };
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description The requested range starts past the last row (PGRST103). */
            416: components["responses"]["RangeNotSatisfiable"];
        };
    };
    read_log_keys_head: {
        parameters: {
            query?: {
                /**
                 * @description Filter on key_id (text): `key_id=<operator>.<value>`, e.g. `key_id=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`key_id=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The key's id, as checkpoints name it.
                 */
                key_id?: string | string[];
                /**
                 * @description Filter on public_key (text): `public_key=<operator>.<value>`, e.g. `public_key=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`public_key=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     Ed25519 public key, PEM.
                 */
                public_key?: string | string[];
                /**
                 * @description Filter on created_at (timestamp with time zone): `created_at=<operator>.<value>`, e.g. `created_at=gte.2026-01-01T00:00:00Z`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value.
                 *
                 *     Prefix `not.` to negate (`created_at=not.gte.2026-01-01T00:00:00Z`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     When it was first used.
                 */
                created_at?: string | string[];
                /**
                 * @description Filter on vkey (text): `vkey=<operator>.<value>`, e.g. `vkey=like.prefix*`.
                 *
                 *     Operators: `eq` equals; `neq` not equal; `gt` greater than; `gte` greater than or equal; `lt` less than; `lte` less than or equal; `in` one of a list, in.(a,b,c); `is` is.null, is.true, is.false or is.unknown; `isdistinct` IS DISTINCT FROM, null compares as a value; `like` LIKE pattern, * stands for %; `ilike` case-insensitive like; `match` POSIX regular expression (~); `imatch` case-insensitive match (~*).
                 *
                 *     Prefix `not.` to negate (`vkey=not.like.prefix*`). Give the parameter more than once to combine conditions with AND.
                 *
                 *     The key as a C2SP verifier key (<origin>+<key ID>+<key>): what note verifiers (Go's golang.org/x/mod/sumdb/note, witnesses) take; null until the first C2SP checkpoint names the origin.
                 */
                vkey?: string | string[];
                /** @description The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`. */
                select?: components["parameters"]["select"];
                /** @description Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`. */
                order?: components["parameters"]["order"];
                /** @description Return at most this many rows. */
                limit?: components["parameters"]["limit"];
                /** @description Skip this many rows first (use with order). */
                offset?: components["parameters"]["offset"];
                /** @description Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate. */
                or?: components["parameters"]["or"];
                /** @description Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`. */
                and?: components["parameters"]["and"];
            };
            header?: {
                /** @description Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset. */
                Range?: components["parameters"]["Range"];
                /** @description The unit of the Range header: items. */
                "Range-Unit"?: components["parameters"]["Range-Unit"];
                /** @description `count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate. */
                Prefer?: components["parameters"]["Prefer"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Headers only. The matching rows. */
            200: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Headers only. Part of the matching rows: a range or limit cut the result short (the Content-Range header says which). */
            206: {
                headers: {
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input. Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request). */
            400: components["responses"]["BadRequest"];
            /** @description No API key, or an unknown or revoked one (PT401). */
            401: components["responses"]["Unauthorized"];
            /** @description The API key's access does not allow this operation (PT403). Allowed: producer_reader, reader. */
            403: components["responses"]["Forbidden"];
            /** @description The requested range starts past the last row (PGRST103). */
            416: components["responses"]["RangeNotSatisfiable"];
        };
    };
}

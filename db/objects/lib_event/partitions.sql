-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_event.partitions as
 SELECT c.relname::text AS partition,
        CASE
            WHEN b.bounds[1] = 'MINVALUE'::text THEN '-infinity'::timestamp with time zone
            ELSE lib_event.uuid_time(btrim(b.bounds[1], ''''::text)::uuid)
        END AS starts_at,
    lib_event.uuid_time(btrim(b.bounds[2], ''''::text)::uuid) AS ends_at,
    c.relkind = 'p'::"char" AS subpartitioned,
    (( SELECT sum(pg_total_relation_size(t.relid)) AS sum
           FROM pg_partition_tree(c.oid::regclass) t(relid, parentrelid, isleaf, level)))::bigint AS bytes
   FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid
     CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \((.+)\) TO \((.+)\)'::text) b(bounds)
  WHERE i.inhparent = 'lib_event.event'::regclass::oid AND b.bounds IS NOT NULL;

comment on view lib_event.partitions is 'The partitions of lib_event.event (the default one aside) with the recording times they take: from starts_at (inclusive) to ends_at (exclusive), and their size on disk.';

comment on column lib_event.partitions.partition is 'The partition''s table name, in schema lib_event.';
comment on column lib_event.partitions.starts_at is 'The earliest recording time it takes (-infinity for the first partition of a converted install).';
comment on column lib_event.partitions.ends_at is 'The recording time it takes events up to, exclusive: the next partition''s starts_at.';
comment on column lib_event.partitions.subpartitioned is 'Whether it is split by hash of event__id (lib_event.partition_policy.hash_subpartitions).';
comment on column lib_event.partitions.bytes is 'Its size on disk: rows, indexes and TOAST, sub-partitions included.';

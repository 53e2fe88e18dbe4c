-- migrate:up

-- The columns of lib_event.backlog_bound, described where the table is.

set role lib_event_owner;

comment on column lib_event.backlog_bound.only_row is 'Always true: the table has one row.';
comment on column lib_event.backlog_bound.max_events is 'Refuse writes while more committed events than this wait to be sequenced.';
comment on column lib_event.backlog_bound.max_seconds is 'Refuse writes while the oldest unsequenced event has waited longer than this, in seconds.';
comment on column lib_event.backlog_bound.retry_after_seconds is 'The Retry-After a refused writer is told, in seconds.';
comment on column lib_event.backlog_bound.refresh_ms is 'How often one writer measures the backlog, in milliseconds; the others read the last measurement.';

reset role;

-- migrate:down

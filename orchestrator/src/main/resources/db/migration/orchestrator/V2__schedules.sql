-- Cron triggers of each app's current revision. The row of a schedule is locked while its tick
-- fires (SKIP LOCKED), and the run it starts carries the tick as idempotency key, so each tick
-- starts exactly one run however many instances poll.
create table schedules (
    app_id       uuid not null,
    trigger_name text not null,
    tenant_id    uuid not null,
    app_name     text not null,
    revision     integer not null,
    workflow     text not null,
    cron         text not null,
    timezone     text not null,
    next_fire_at timestamptz not null,
    primary key (app_id, trigger_name)
);

create index schedules_due on schedules (next_fire_at);

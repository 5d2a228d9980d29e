-- The memory-store module's schema: sessions, messages, facts, embeddings and their queue,
-- per-app retention policies and erase receipts. Every row carries tenant_id and app_id, and
-- every query filters by both.

-- In public, so its functions and operators resolve for every connection whatever its search_path.
create extension if not exists pg_trgm with schema public;

create table users (
    tenant_id  uuid not null,
    app_id     uuid not null,
    user_id    text not null,
    first_seen timestamptz not null,
    last_seen  timestamptz not null,
    primary key (app_id, user_id)
);

create table sessions (
    id          bigserial primary key,
    tenant_id   uuid not null,
    app_id      uuid not null,
    user_id     text not null,
    session_key text not null,
    metadata    jsonb not null default '{}'::jsonb,
    summary     text,
    last_seq    integer not null default 0,
    version     bigint not null default 0,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    constraint sessions_key unique (app_id, user_id, session_key)
);

create index sessions_newest_first on sessions (app_id, user_id, created_at desc, id desc);

create table messages (
    session_id  bigint not null references sessions (id) on delete cascade,
    seq         integer not null,
    tenant_id   uuid not null,
    app_id      uuid not null,
    user_id     text not null,
    role        text not null,
    name        text,
    content     text not null,
    metadata    jsonb not null default '{}'::jsonb,
    tokens      integer not null,
    created_at  timestamptz not null,
    redacted_at timestamptz,
    search      tsvector generated always as (to_tsvector('english', content)) stored,
    primary key (session_id, seq)
);

create index messages_by_user on messages (app_id, user_id, created_at);
create index messages_retention on messages (app_id, created_at);
create index messages_search on messages using gin (search);
create index messages_trigram on messages using gin (content public.gin_trgm_ops);

-- One row per idempotent append: a retried append with the same key returns these messages.
create table append_keys (
    session_id   bigint not null references sessions (id) on delete cascade,
    append_key   text not null,
    request_hash text not null,
    first_seq    integer,
    count        integer not null,
    created_at   timestamptz not null,
    primary key (session_id, append_key)
);

-- Facts are never overwritten: a new value for a key closes the old row (invalid_at) and points to
-- its successor, so "what did we believe at time X" stays answerable. App-wide facts have user_id ''.
create table facts (
    id            bigserial primary key,
    tenant_id     uuid not null,
    app_id        uuid not null,
    user_id       text not null,
    fact_key      text,
    text          text,
    value         jsonb,
    category      text,
    source_kind   text,
    source_ref    text,
    valid_from    timestamptz not null,
    invalid_at    timestamptz,
    expires_at    timestamptz,
    superseded_by bigint,
    search        tsvector generated always as (
                      to_tsvector('english', coalesce(fact_key, '') || ' ' || coalesce(text, '') || ' '
                                  || coalesce(value::text, ''))) stored
);

create unique index facts_current_key on facts (app_id, user_id, fact_key)
    where invalid_at is null and fact_key is not null;
create index facts_by_user on facts (app_id, user_id, valid_from desc);
create index facts_search on facts using gin (search);
create index facts_expiry on facts (expires_at) where expires_at is not null;

create table embeddings (
    tenant_id  uuid not null,
    app_id     uuid not null,
    user_id    text not null,
    kind       text not null check (kind in ('message', 'fact')),
    ref_id     bigint not null,
    ref_seq    integer not null default 0,
    provider   text not null,
    vector     real[] not null,
    created_at timestamptz not null,
    primary key (kind, ref_id, ref_seq)
);

create index embeddings_by_user on embeddings (app_id, user_id, kind);

-- The embedding outbox: written in the same transaction as the text, drained off the request path.
create table embedding_queue (
    id          bigserial primary key,
    tenant_id   uuid not null,
    app_id      uuid not null,
    user_id     text not null,
    kind        text not null,
    ref_id      bigint not null,
    ref_seq     integer not null default 0,
    attempts    integer not null default 0,
    enqueued_at timestamptz not null,
    not_before  timestamptz not null
);

create index embedding_queue_ready on embedding_queue (not_before, id);

create table app_policies (
    tenant_id         uuid not null,
    app_id            uuid primary key,
    message_retention interval,
    fact_retention    interval,
    run_retention     interval,
    embeddings        text not null default 'builtin',
    updated_at        timestamptz not null
);

-- What remains after an erase: counts and who asked, never the content; the user id only hashed.
create table erasures (
    id          uuid primary key,
    tenant_id   uuid not null,
    app_id      uuid not null,
    user_hash   text not null,
    sessions    bigint not null,
    messages    bigint not null,
    facts       bigint not null,
    embeddings  bigint not null,
    erased_by   text,
    erased_at   timestamptz not null
);

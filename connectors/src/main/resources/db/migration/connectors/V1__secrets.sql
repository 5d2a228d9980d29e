-- Encrypted secrets. One row per tenant, name and environment (NULL = all environments); every
-- PUT adds a version. Values are AES-GCM ciphertexts; key_id names the master key that encrypted
-- each one, so a rotation can re-encrypt row by row while reads keep working.
create table secrets (
    id              bigserial primary key,
    tenant_id       uuid        not null,
    name            text        not null,
    environment     text,
    current_version int         not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

create unique index secrets_identity on secrets (tenant_id, name, (coalesce(environment, '')));

create table secret_versions (
    secret_id  bigint      not null references secrets (id) on delete cascade,
    version    int         not null,
    key_id     text        not null,
    nonce      bytea       not null,
    ciphertext bytea       not null,
    created_at timestamptz not null default now(),
    primary key (secret_id, version)
);

create index secret_versions_key on secret_versions (key_id);

-- A tenant's environments and their protection. dev, staging and prod are created on the
-- tenant's first use; more are added through the API.
create table environments (
    tenant_id     uuid not null,
    name          text not null,
    description   text,
    -- roles whose keys may deploy here (admin always may)
    allowed_roles text[] not null,
    -- when set, only promotions from this environment are accepted
    promote_from  text,
    created_at    timestamptz not null default now(),
    created_by    text,
    primary key (tenant_id, name)
);

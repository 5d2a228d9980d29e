-- Tokens of every answered LLM connector call (LlmUsage), for charts over time that every instance
-- shares. Rows are purged after plinth.connectors.llm.usage-retention.
create table connectors.llm_usage (
    id                bigserial primary key,
    tenant_id         uuid not null,
    app               text not null,
    model             text not null,
    prompt_tokens     bigint not null,
    completion_tokens bigint not null,
    used_at           timestamptz not null
);

create index llm_usage_by_tenant on connectors.llm_usage (tenant_id, used_at);
create index llm_usage_by_time on connectors.llm_usage (used_at);

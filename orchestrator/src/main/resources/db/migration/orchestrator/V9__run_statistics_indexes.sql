-- Run statistics per time bucket (RunStatistics): each count reads one range of one index. The
-- internal runs of parallel branches (scope set) are not counted, so they are not indexed either.
-- Runs started in a window, per tenant (runs_by_app leads with app_id, so it cannot serve a tenant range).
create index runs_started_by_tenant on orchestrator.runs (tenant_id, created_at) where scope is null;
-- Runs ended in a window, per tenant, with their outcome in the index (an index-only scan).
create index runs_ended_by_tenant on orchestrator.runs (tenant_id, ended_at) include (status)
    where ended_at is not null and scope is null;

-- Listing an app's runs (GET /api/v1/apps/{app}/runs, the console's runs page) stays an index range
-- however many runs an app has: one index per filter the console offers, each ordered like the
-- listing and its cursor (created_at desc, id desc). Branches, items and iterations (scope is not
-- null) are never listed, so they are left out of these indexes, which keeps them smaller and spares
-- the engine their upkeep when container steps fan out. Time filters are ranges on created_at in
-- each; an id prefix is a range of the primary key.
create index runs_listed on orchestrator.runs (tenant_id, app_id, created_at desc, id desc)
    where scope is null;
create index runs_listed_by_status on orchestrator.runs (tenant_id, app_id, status, created_at desc, id desc)
    where scope is null;
create index runs_listed_by_workflow on orchestrator.runs (tenant_id, app_id, workflow, created_at desc, id desc)
    where scope is null;

-- Superseded by the three above (they covered children too, and by_status lacked the id tiebreak).
drop index orchestrator.runs_by_app;
drop index orchestrator.runs_by_status;

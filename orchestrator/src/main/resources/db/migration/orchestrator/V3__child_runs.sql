-- Child runs: the branches of a parallel step, the items of a forEach, the iterations of a loop
-- (each runs a nested step list of its parent's workflow, named by scope) and the runs started by
-- a subWorkflow step (a whole workflow of the same revision, scope null).
alter table orchestrator.runs
    add column parent_run_id  uuid references orchestrator.runs (id) on delete cascade,
    add column parent_step_id text,
    add column parent_attempt int,
    add column parent_slot    int,
    add column scope          text;

create index runs_children on orchestrator.runs (parent_run_id) where parent_run_id is not null;

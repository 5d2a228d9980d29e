-- A dispatched step attempt's lease is a column of the attempt instead of a timer row per step: the
-- engine wrote (and, minutes later, fired and applied) one timer for every step it dispatched, to
-- catch the rare worker that dies. The lease sweeper finds expired leases through this small partial
-- index, which holds only the attempts in flight.
alter table orchestrator.step_attempts add column lease_until timestamptz;

create index step_attempts_leases on orchestrator.step_attempts (lease_until)
    where status = 'dispatched' and lease_until is not null;

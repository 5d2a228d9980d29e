-- A run's row gets a new version at every step it takes (its state saved by the engine's
-- transaction). In full pages the new version seldom fits beside the old one, so 28% of those
-- updates were not HOT and wrote an entry into each of the table's nine indexes (workflow
-- benchmark at concurrency 64: 31,628 of 44,015 updates HOT). Leaving a quarter of each page free
-- for the next versions keeps them HOT (in the page, no index entries) until the run ends, and
-- page pruning reclaims the dead ones: 88% HOT in the same benchmark (153,402 of 174,266; most of
-- the rest are the run's final update, which changes indexed columns). Applies to pages written
-- from now on.
alter table orchestrator.runs set (fillfactor = 75);

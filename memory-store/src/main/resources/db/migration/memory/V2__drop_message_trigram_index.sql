-- Fuzzy search compares word similarity within one user's messages, which the per-user index
-- narrows first; the trigram index was never chosen and cost every append a GIN update.
drop index if exists memory.messages_trigram;

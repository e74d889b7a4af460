-- After a restore the full-text index is rebuilt before the next search.
UPDATE search_state SET dirty = true;

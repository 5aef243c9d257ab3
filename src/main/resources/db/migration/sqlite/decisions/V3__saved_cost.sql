-- what a cache hit saved (the cost of the answer it replayed); rows before it saved nothing
ALTER TABLE decisions ADD COLUMN saved_cost_usd REAL NOT NULL DEFAULT 0;

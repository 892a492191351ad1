-- gaoqi schema 0015 for PostgreSQL: the twin of sqlite/0015_targets_map.sql
-- (the battle board's map: the normalised GeoJSON of the city's areas, one
-- per database). Conventions as in postgres/0001_init.sql.
--
-- Differences from sqlite/0015_targets_map.sql:
-- * `id INTEGER PRIMARY KEY` (never generated: always 1) is a plain bigint
--   primary key.
-- * every other INTEGER is bigint.
-- * data BLOB is bytea.
CREATE TABLE target_map (
	id bigint PRIMARY KEY CHECK (id = 1), -- one map
	name TEXT NOT NULL,		      -- the collection's name, else the file's
	schematic bigint NOT NULL DEFAULT 0 CHECK (schematic IN (0, 1)), -- a drawn sketch (示意图)
	features bigint NOT NULL,	      -- the features stored
	matched bigint NOT NULL,	      -- of which matched an area
	size bigint NOT NULL,		      -- bytes of data
	uploaded_by TEXT NOT NULL,
	uploaded_at TEXT NOT NULL,
	data bytea NOT NULL -- the normalised GeoJSON (UTF-8 text)
);

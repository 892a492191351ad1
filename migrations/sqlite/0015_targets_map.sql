-- gaoqi schema 0015: the battle board's map (挂图作战, issue 14): the GeoJSON
-- of the city's areas as the city uploaded it, one per database, normalised
-- on upload (each feature keeps its geometry and the properties name — the
-- area's name when it matched one — and area — the area's code, NULL when it
-- matched none). Uploading again replaces it; deleting it brings the tile
-- grid back. Conventions as in 0001. Owner: src/ledger/targets/map.c.

CREATE TABLE target_map (
	id INTEGER PRIMARY KEY CHECK (id = 1), -- one map
	name TEXT NOT NULL,		       -- the collection's name, else the file's
	schematic INTEGER NOT NULL DEFAULT 0 CHECK (schematic IN (0, 1)), -- a drawn sketch (示意图)
	features INTEGER NOT NULL,	       -- the features stored
	matched INTEGER NOT NULL,	       -- of which matched an area
	size INTEGER NOT NULL,		       -- bytes of data
	uploaded_by TEXT NOT NULL,
	uploaded_at TEXT NOT NULL,
	data BLOB NOT NULL -- the normalised GeoJSON (UTF-8 text)
);

-- gaoqi schema 0005 for PostgreSQL: the twin of sqlite/0005_registry.sql (the
-- registered capital of an enterprise in integer fen of its own currency,
-- and the currency's ISO 4217 code).
--
-- Differences from sqlite/0005_registry.sql:
-- * INTEGER is bigint. (length() counts characters on both.)

ALTER TABLE enterprises ADD COLUMN registered_capital bigint
	CHECK (registered_capital IS NULL OR registered_capital >= 0);
ALTER TABLE enterprises ADD COLUMN capital_currency TEXT
	CHECK (capital_currency IS NULL OR length(capital_currency) = 3);

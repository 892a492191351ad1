-- gaoqi schema 0005: the registered capital of an enterprise (注册资本), as
-- the business registry states it: an amount in integer fen of its own
-- currency (never converted) and that currency's ISO 4217 code (CNY, USD,
-- HKD, …). Both are given or both absent. Owner: src/ledger/register/enterprise.c.

ALTER TABLE enterprises ADD COLUMN registered_capital INTEGER
	CHECK (registered_capital IS NULL OR registered_capital >= 0);
ALTER TABLE enterprises ADD COLUMN capital_currency TEXT
	CHECK (capital_currency IS NULL OR length(capital_currency) = 3);

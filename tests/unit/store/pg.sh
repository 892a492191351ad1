#!/usr/bin/env bash
# The store's tests against a throwaway PostgreSQL server (ctest store/test_store_pg).
# Usage: pg.sh TEST_BINARY. pg_virtualenv (Debian's postgresql-common, installed
# by `make deps`) creates a temporary cluster, runs the command with PGHOST,
# PGPORT, PGUSER, PGPASSWORD and PGDATABASE set, and drops the cluster after.
# Without pg_virtualenv the test is SKIPPED (exit 77, ctest's SKIP_RETURN_CODE).
set -euo pipefail
bin=$1
if ! command -v pg_virtualenv >/dev/null 2>&1; then
	echo "SKIPPED: pg_virtualenv not found (install postgresql and postgresql-common: make deps)"
	exit 77
fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "SKIPPED: no PostgreSQL server installed (apt-get install postgresql: make deps)"
	exit 77
fi
# A URL (not only the PG* variables) so that URL parsing is exercised; no SSL, no GSS:
# a local throwaway server, and fewer library paths for the sanitizers. -t: a cluster
# in a temporary directory even as root, so that runs in parallel do not collide.
# A port of our own (pg_virtualenv takes PGPORT): two runs starting at once would
# both pick the first free one (5432) and one would fail.
export PGPORT=${GAOQI_PG_PORT:-$((20000 + RANDOM % 20000))}
exec pg_virtualenv -t bash -c 'GAOQI_TEST_PG="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE?sslmode=disable&gssencmode=disable" exec "$0"' "$bin"

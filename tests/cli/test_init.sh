#!/usr/bin/env bash
# gaoqi init: creates and migrates the database, seeds the areas (default or a
# TSV file); bad input is one line, exit 1, database unchanged.
set -u
GAOQI=${1:?usage: test_init.sh path/to/gaoqi}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
		fails=$((fails + 1))
	fi
}
dump() { sqlite3 "$1" .dump; }

out=$("$GAOQI" init --db a.db 2>&1); rc=$?
check "init exits 0" 0 "$rc"
case "$out" in
"数据库 a.db：已创建，结构版本 "*"，区域 10 个（曲靖市默认区域）") ;;
*) check "init reports the creation" "数据库 a.db：已创建 … 区域 10 个（曲靖市默认区域）" "$out" ;;
esac
check "ten Qujing areas" "QJETDZ|曲靖经济技术开发区|zone
530303|沾益区|district|530328
530302|麒麟区|district" "$(sqlite3 a.db "SELECT code, name, kind, old_codes FROM areas WHERE code IN ('530302','530303','QJETDZ') ORDER BY code DESC" | sed 's/|$//')"
check "area count" 10 "$(sqlite3 a.db 'SELECT count(*) FROM areas')"

before=$(dump a.db)
out=$("$GAOQI" init --db a.db 2>&1); rc=$?
check "init again exits 0" 0 "$rc"
case "$out" in
"数据库 a.db：已存在，结构版本 "*"（本次应用 0 个迁移），区域 10 个（曲靖市默认区域）") ;;
*) check "second init applies nothing" "… 已存在 … 本次应用 0 个迁移 …" "$out" ;;
esac
check "second init changes nothing" "$before" "$(dump a.db)"

# Another city's areas from a file.
printf '# test areas\ncode\tname\tkind\told_codes\n530102\t五华区\tdistrict\t\n530181\t安宁市\tcity\t\n' > kunming.tsv
out=$("$GAOQI" init --db k.db --areas kunming.tsv 2>&1); rc=$?
check "init --areas exits 0" 0 "$rc"
check "areas of the file" "530102|五华区
530181|安宁市" "$(sqlite3 k.db 'SELECT code, name FROM areas ORDER BY code')"

# A bad areas file: one line naming the problem, exit 1, database unchanged.
printf 'code\tname\tkind\told_codes\n530102\t五华区\ttown\t\n' > bad.tsv
before=$(dump a.db)
out=$("$GAOQI" init --db a.db --areas bad.tsv 2>&1); rc=$?
check "bad areas file exits 1" 1 "$rc"
check "bad areas file is one line" 1 "$(printf '%s\n' "$out" | wc -l)"
case "$out" in
"gaoqi init: bad.tsv："*"town"*) ;;
*) check "bad areas message names the file and the value" "gaoqi init: bad.tsv：… town …" "$out" ;;
esac
check "bad areas file leaves the database unchanged" "$before" "$(dump a.db)"

# A bad file for a new database creates no file.
out=$("$GAOQI" init --db new.db --areas bad.tsv 2>&1); rc=$?
check "bad file, new db exits 1" 1 "$rc"
check "no database file left behind" "no" "$([ -e new.db ] && echo yes || echo no)"

out=$("$GAOQI" init --db a.db --areas missing.tsv 2>&1); rc=$?
check "missing areas file exits 1" 1 "$rc"
check "missing areas file leaves the database unchanged" "$before" "$(dump a.db)"

out=$("$GAOQI" init --bogus 2>&1); rc=$?
check "unknown option exits 2" 2 "$rc"
check "unknown option message" "gaoqi init: 未知选项“--bogus”（gaoqi init --help 查看用法）" "$out"
out=$("$GAOQI" init --db 2>&1); rc=$?
check "--db without a value exits 2" 2 "$rc"
"$GAOQI" init --help | grep -q '^usage: gaoqi init'; check "--help" 0 "$?"
check "--help creates nothing" "no" "$([ -e gaoqi.db ] && echo yes || echo no)"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all init checks passed"

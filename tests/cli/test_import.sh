#!/usr/bin/env bash
# gaoqi import: files as Excel, WPS, LibreOffice and openpyxl write them;
# re-import changes nothing; bad rows are reported and nothing is written
# (exit 1) unless --skip-invalid; --dry-run writes nothing; an import killed
# midway leaves the database exactly as before.
set -u
GAOQI=${1:?usage: test_import.sh path/to/gaoqi}
DATA=$(cd "$(dirname "$0")/../data/io" && pwd)
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
has() { # name needle haystack
	case "$3" in *"$2"*) ;; *) printf 'FAIL %s\n--- expected to contain\n%s\n--- actual\n%s\n' "$1" "$2" "$3"; fails=$((fails + 1)) ;; esac
}
count() { sqlite3 db.db "$1"; }

"$GAOQI" init --db db.db >/dev/null 2>&1 || { echo "init failed"; exit 1; }

out=$("$GAOQI" import --db db.db "$DATA/ledger_openpyxl.xlsx" 2>&1); rc=$?
check "openpyxl file exits 0" 0 "$rc"
has "openpyxl: three new enterprises" "企业：新增 3，变更 0，未变 0" "$out"
has "openpyxl: header below the merged title" "表头在第2行" "$out"
check "sales 3200 万元 stored as 3,200,000,000 fen" 3200000000 \
	"$(count "SELECT sales_main FROM indicators i JOIN enterprises e ON e.id = i.enterprise_id WHERE e.uscc = '91530302MA6K00001A' AND year = 2023")"
check "import audited with the file name" 1 \
	"$(count "SELECT COUNT(*) > 0 FROM audit_log WHERE source = 'import:ledger_openpyxl.xlsx'")"

out=$("$GAOQI" import --db db.db "$DATA/ledger_openpyxl.xlsx" 2>&1); rc=$?
check "second import exits 0" 0 "$rc"
has "second import changes nothing" "企业：新增 0，变更 0，未变 3" "$out"
has "second import: indicators unchanged" "年度指标：新增 0，变更 0，未变 3" "$out"

for f in ledger_lo.xlsx ledger_wps.xlsx ledger_gb18030.csv ledger_utf8bom.csv; do
	out=$("$GAOQI" import --db db.db "$DATA/$f" 2>&1); rc=$?
	check "$f exits 0" 0 "$rc"
	has "$f has no bad row" "有误 0" "$out"
done
check "LibreOffice cached formula =1000000+805000 → R&D 1,805,000.00 元" 180500000 \
	"$(count "SELECT rd_total FROM indicators i JOIN enterprises e ON e.id = i.enterprise_id WHERE e.uscc = '91530302MA6K00001A' AND year = 2022")"
check "GB18030 name read" "陆良绿源生物科技有限公司，\"绿源\"" \
	"$(count "SELECT name FROM enterprises WHERE uscc = '91530322MA6K00003F'")"

# Bad rows: all or nothing.
before=$(sqlite3 db.db .dump | sha256sum)
out=$("$GAOQI" import --db db.db "$DATA/ledger_bad.csv" 2>&1); rc=$?
check "bad rows exit 1" 1 "$rc"
has "wrong check character reported" "第3行 [统一社会信用代码]：第18位校验码应为T，实际为0" "$out"
has "impossible date reported" "第4行 [成立日期]：日期无效：2021-02-30（2021年2月只有28天）" "$out"
has "S&T staff above staff reported" "第4行 [科技人员数]：科技人员数不能大于职工总数" "$out"
has "unknown area reported" "第5行 [所属区域]：未知的区域：火星区" "$out"
has "nothing written" "未写入任何数据" "$out"
check "database unchanged after bad rows" "$before" "$(sqlite3 db.db .dump | sha256sum)"

out=$("$GAOQI" import --db db.db "$DATA/ledger_bad.csv" --dry-run --skip-invalid 2>&1); rc=$?
has "dry run says so" "试运行，未写入任何数据" "$out"
check "database unchanged after a dry run" "$before" "$(sqlite3 db.db .dump | sha256sum)"

out=$("$GAOQI" import --db db.db "$DATA/ledger_bad.csv" --skip-invalid --json 2>&1); rc=$?
check "--skip-invalid exits 0" 0 "$rc"
has "--json report" '"valid_rows":1,"invalid_rows":3' "$out"
has "--json committed" '"committed":true' "$out"

# Usage and failures.
"$GAOQI" import --db db.db >/dev/null 2>&1; check "no file exits 2" 2 "$?"
"$GAOQI" import --db db.db x.csv --bogus >/dev/null 2>&1; check "unknown option exits 2" 2 "$?"
out=$("$GAOQI" import --db db.db missing.csv 2>&1); rc=$?
check "missing file exits 1" 1 "$rc"
check "missing file message" "gaoqi import: 无法读取文件 missing.csv" "$out"
out=$("$GAOQI" import --db db.db "$DATA/ledger_openpyxl.xlsx" --sheet 无此表 2>&1); rc=$?
check "unknown sheet exits 1" 1 "$rc"
has "unknown sheet message" "工作簿中没有名为“无此表”的工作表" "$out"
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old' >old.xls
out=$("$GAOQI" import --db db.db old.xls 2>&1); rc=$?
check "an old .xls exits 1" 1 "$rc"
has "an old .xls is explained" "请另存为 .xlsx" "$out"
"$GAOQI" import --help | grep -q '^usage: gaoqi import'; check "--help" 0 "$?"

# A broken .xlsx is refused before the import takes the database's write
# lock: with another writer holding it past the 5 s busy timeout, the answer
# is about the file, not "数据库繁忙".
printf 'PK\003\004garbage that is no zip' >broken.xlsx
printf 'BEGIN IMMEDIATE;\nDELETE FROM login_attempts;\n.shell sleep 8\nROLLBACK;\n' | sqlite3 db.db &
holder=$!
sleep 0.5
out=$("$GAOQI" import --db db.db broken.xlsx 2>&1); rc=$?
check "a broken xlsx exits 1 while another writer holds the lock" 1 "$rc"
has "a broken xlsx is named, not the busy database" "不是有效的 XLSX 文件" "$out"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# Killed midway: a large file with valid credit codes, kill -9 while it runs,
# on a copy of the database; the row count grows until the import is caught
# running (a faster machine needs a larger file).
gen() { # ROWS → big.csv
	awk -v rows="$1" 'BEGIN {
		A = "0123456789ABCDEFGHJKLMNPQRTUWXY"; split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", W, " ")
		print "统一社会信用代码,企业名称,所属区域,年度,职工总数,科技人员数,销售收入"
		for (i = 1; i <= rows; i++) {
			b = sprintf("91530302%09d", 500000 + i); s = 0
			for (k = 1; k <= 17; k++) s += (index(A, substr(b, k, 1)) - 1) * W[k]
			printf "%s%s,企业%d,麒麟区,2023,100,12,1000000\n", b, substr(A, (31 - s % 31) % 31 + 1, 1), i
		}
	}' >big.csv
}
caught=0
for rows in 40000 160000 640000; do
	gen "$rows"
	rm -f k.db k.db-wal k.db-shm
	sqlite3 db.db ".backup k.db"
	before=$(sqlite3 k.db .dump | sha256sum)
	"$GAOQI" import --db k.db big.csv >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		caught=1
		check "killed import ($rows rows) leaves the database as before" "$before" "$(sqlite3 k.db .dump | sha256sum)"
		check "integrity after the kill" ok "$(sqlite3 k.db 'PRAGMA integrity_check')"
		break
	fi
	wait "$pid"
done
check "an import was caught running and killed" 1 "$caught"
# Bulk loading: 12,000 new firms into an empty database set the secondary
# indexes aside and build them once at the commit; a dry run, a commit and a
# kill in the middle all leave the schema exactly as a fresh database has it.
gen 12000
rm -f f.db f.db-wal f.db-shm
"$GAOQI" init --db f.db >/dev/null
# the schema as a set (indexes built again come last in sqlite_schema)
schema_of() { sqlite3 "$1" "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name" | sha256sum; }
schema=$(schema_of f.db)
out=$("$GAOQI" import --db f.db --dry-run big.csv 2>&1); rc=$?
check "bulk dry run exits 0" 0 "$rc"
has "bulk dry run counts every firm" "企业：新增 12000，变更 0，未变 0" "$out"
check "bulk dry run leaves the schema as it was" "$schema" "$(schema_of f.db)"
check "bulk dry run writes nothing" 0 "$(sqlite3 f.db 'SELECT count(*) FROM enterprises')"
out=$("$GAOQI" import --db f.db big.csv 2>&1); rc=$?
check "bulk import exits 0" 0 "$rc"
has "bulk import writes every firm" "企业：新增 12000，变更 0，未变 0" "$out"
check "bulk import leaves every index in place" "$schema" "$(schema_of f.db)"
check "integrity after a bulk import" ok "$(sqlite3 f.db 'PRAGMA integrity_check')"
check "the area index answers the area filter" 12000 \
	"$(sqlite3 f.db "SELECT count(*) FROM enterprises INDEXED BY enterprises_area_name WHERE area = '530302'")"
check "each firm has its creation audited" 12000 \
	"$(sqlite3 f.db "SELECT count(*) FROM audit_log WHERE table_name = 'enterprises' AND action = 'create' AND source = 'import:big.csv'")"
check "a creation's audit image leaves out absent fields" '{"above_scale":false,"area":"530302","listed":false,"name":"企业1","tags":"","tier":"prospect","uscc":"'"$(sed -n 2p big.csv | cut -d, -f1)"'"}' \
	"$(sqlite3 f.db "SELECT after_json FROM audit_log WHERE table_name = 'enterprises' AND action = 'create' ORDER BY id LIMIT 1")"
out=$("$GAOQI" import --db f.db big.csv 2>&1); rc=$?
check "the same file again exits 0" 0 "$rc"
has "the same file again changes nothing" "企业：新增 0，变更 0，未变 12000" "$out"
gen 160000
rm -f f.db f.db-wal f.db-shm
"$GAOQI" init --db f.db >/dev/null
before=$(sqlite3 f.db .dump | sha256sum)
"$GAOQI" import --db f.db big.csv >/dev/null 2>&1 &
pid=$!
sleep 1.5
if kill -0 "$pid" 2>/dev/null; then
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	check "an import killed while bulk loading leaves the database as before" "$before" "$(sqlite3 f.db .dump | sha256sum)"
	check "integrity after killing a bulk load" ok "$(sqlite3 f.db 'PRAGMA integrity_check')"
else
	wait "$pid"
	echo "note: the 160,000-row bulk import ended within 1.5 s; kill case not exercised"
fi
head -n 2001 big.csv >head.csv
out=$("$GAOQI" import --db db.db head.csv 2>&1); rc=$?
check "the file's rows import after the kill" 0 "$rc"
has "all 2,000 rows new" "企业：新增 2000，变更 0，未变 0" "$out"

# registry exports (issue 19): WPS's inline strings, no area column, a tax number,
# closed firms; the dry run lists inferred areas and warnings, the import writes them
"$GAOQI" init --db r.db >/dev/null 2>&1 || { echo "init r.db failed"; exit 1; }
out=$("$GAOQI" import --db r.db "$DATA/registry_wps.xlsx" --dry-run 2>&1); rc=$?
check "registry dry run exits 0" 0 "$rc"
has "registry: new firms, closed ones apart" "企业：新增 4，变更 0，未变 0" "$out"
has "registry: ignored columns named" "企业登记信息中台账不保存的列（已忽略）：所属省份、所属城市、注册号、组织机构代码、企业类型、经营范围" "$out"
has "registry: closed firms counted" "已注销、吊销等停止经营的企业 2 行（未导入）" "$out"
has "registry: area inferred from the old code" "第3行 91530328MA6N0R002F 沾益绿色化工有限公司 → 沾益区（推断" "$out"
has "registry: area inferred from the address" "第4行 91530300MA6N0R0030 罗平新能源有限公司 → 罗平县（推断，依据：地址：曲靖市罗平县" "$out"
has "registry: tax number that differs" "提示：第3行 [纳税人识别号]：纳税人识别号91530328MA6N0R0095与统一社会信用代码91530328MA6N0R002F不一致" "$out"
check "registry dry run writes nothing" 0 "$(sqlite3 r.db 'SELECT COUNT(*) FROM enterprises')"
out=$("$GAOQI" import --db r.db "$DATA/registry_lo.xlsx" --json 2>&1); rc=$?
check "registry (LibreOffice) import exits 0" 0 "$rc"
has "registry json: inferred areas member" '"inferred_areas":[{"row":2,"uscc":"91530302MA6N0R001N"' "$out"
check "registry: capital kept in its currency" "50000000|USD|530303" \
	"$(sqlite3 r.db "SELECT registered_capital, capital_currency, area FROM enterprises WHERE uscc = '91530328MA6N0R002F'")"
check "registry: closed firms not imported" 0 "$(sqlite3 r.db "SELECT COUNT(*) FROM enterprises WHERE name IN ('师宗旧材料厂', '沾益丙化工有限公司')")"
# --area gives new firms without area that area (none inferred then); an unknown one is refused
"$GAOQI" init --db a.db >/dev/null 2>&1 || { echo "init a.db failed"; exit 1; }
out=$("$GAOQI" import --db a.db "$DATA/registry_wps.xlsx" --area 会泽县 2>&1); rc=$?
check "--area import exits 0" 0 "$rc"
has "--area named in the summary" "未填区域的新企业归入：会泽县（530326）" "$out"
case "$out" in *"推断的区域"*) check "--area: nothing inferred" "" "$out" ;; esac
check "--area: all four in 会泽县" 4 "$(sqlite3 a.db "SELECT COUNT(*) FROM enterprises WHERE area = '530326'")"
out=$("$GAOQI" import --db a.db "$DATA/registry_wps.xlsx" --area 火星区 2>&1); rc=$?
check "--area unknown exits 1" 1 "$rc"
has "--area unknown named" "没有这个区域：火星区" "$out"
out=$("$GAOQI" import --help 2>&1)
has "help names --area" "--area CODE" "$out"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "import: all checks passed"

#!/usr/bin/env bash
# gaoqi export: .xlsx and .csv with the ledger list's filters, files that
# import back unchanged, the template, and (when LibreOffice is installed)
# files that LibreOffice opens.
set -u
GAOQI=${1:?usage: test_export.sh path/to/gaoqi}
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

"$GAOQI" demo --db db.db --enterprises 40 --password secret-pw >/dev/null 2>&1 || { echo "demo failed"; exit 1; }
n_all=$(sqlite3 db.db "SELECT COUNT(*) FROM enterprises")
n_area=$(sqlite3 db.db "SELECT COUNT(*) FROM enterprises WHERE area = '530302'")
year=$(sqlite3 db.db "SELECT MAX(year) FROM indicators")

out=$("$GAOQI" export --db db.db --year "$year" -o all.xlsx 2>&1); rc=$?
check "xlsx export exits 0" 0 "$rc"
check "xlsx export message" "已导出 $n_all 家企业到 all.xlsx" "$out"
check "xlsx is a zip" "504b0304" "$(head -c 4 all.xlsx | od -An -tx1 | tr -d ' \n')"

out=$("$GAOQI" export --db db.db --year "$year" --format csv -o all.csv 2>&1); rc=$?
check "csv export exits 0" 0 "$rc"
check "csv starts with a UTF-8 BOM and the Chinese header" "efbbbfe7bb9f" "$(head -c 6 all.csv | od -An -tx1 | tr -d ' \n')"
check "csv has a line per enterprise plus the header" $((n_all + 1)) "$(wc -l <all.csv | tr -d ' ')"

out=$("$GAOQI" export --db db.db --area 530302 -o area.csv 2>&1); rc=$?
check "area filter exits 0" 0 "$rc"
check "area filter keeps that area's enterprises" "已导出 $n_area 家企业到 area.csv" "$out"

audits=$(sqlite3 db.db "SELECT COUNT(*) FROM audit_log")
for f in all.xlsx all.csv; do
	out=$("$GAOQI" import --db db.db "$f" 2>&1); rc=$?
	check "$f imports back with exit 0" 0 "$rc"
	has "$f imports back unchanged" "企业：新增 0，变更 0，未变 $n_all" "$out"
	has "$f indicators unchanged" "年度指标：新增 0，变更 0" "$out"
done
check "re-import wrote no audit row" "$audits" "$(sqlite3 db.db "SELECT COUNT(*) FROM audit_log")"

out=$("$GAOQI" export --template -o tpl.xlsx 2>&1); rc=$?
check "template exits 0" 0 "$rc"
out=$("$GAOQI" export --template -o tpl.csv 2>&1); rc=$?
check "csv template is one header line" 1 "$(wc -l <tpl.csv | tr -d ' ')"
has "csv template names the indicator columns" "年度,职工总数,科技人员数" "$(cat tpl.csv)"

"$GAOQI" export --db db.db >/dev/null 2>&1; check "no -o exits 2" 2 "$?"
"$GAOQI" export --db db.db --format pdf -o x.pdf >/dev/null 2>&1; check "bad format exits 2" 2 "$?"
"$GAOQI" export --db db.db --tier nonsense -o x.csv >/dev/null 2>&1; check "bad tier exits 2" 2 "$?"
out=$("$GAOQI" export --db missing-dir/none.db -o x.csv 2>&1); rc=$?
check "bad database exits 1" 1 "$rc"
check "a failed export leaves no file" "no" "$([ -e x.csv ] && echo yes || echo no)"
"$GAOQI" export --help | grep -q '^usage: gaoqi export'; check "--help" 0 "$?"

# LibreOffice opens the exported workbook (its CSV conversion shows our cells).
if command -v soffice >/dev/null 2>&1; then
	uscc=$(sqlite3 db.db "SELECT uscc FROM enterprises ORDER BY name LIMIT 1")
	HOME="$T" timeout 120 soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' \
		--outdir lo all.xlsx >/dev/null 2>&1
	check "LibreOffice converted the export" 1 "$([ -s lo/all.csv ] && echo 1 || echo 0)"
	if [ -s lo/all.csv ]; then
		has "LibreOffice reads the Chinese header" "统一社会信用代码,企业名称,所属区域" "$(head -n 1 lo/all.csv)"
		has "LibreOffice reads an enterprise" "$uscc" "$(cat lo/all.csv)"
	fi
else
	echo "note: soffice not installed, LibreOffice check skipped"
fi

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "export: all checks passed"

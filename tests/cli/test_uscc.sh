#!/usr/bin/env bash
# gaoqi uscc: one line per code, exit 1 when any code is invalid, 2 on usage errors.
set -u
GAOQI=${1:?usage: test_uscc.sh path/to/gaoqi}
fails=0
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
		fails=$((fails + 1))
	fi
}

out=$("$GAOQI" uscc 91110000600037341L 121200004013590816 2>&1); rc=$?
check "published valid codes" "91110000600037341L  有效  工商·企业  区划110000
121200004013590816  有效  机构编制·事业单位  区划120000" "$out"
check "all valid exits 0" 0 "$rc"

out=$("$GAOQI" uscc 9144030071526726xg 2>&1); rc=$?
check "lower case is upper-cased" "9144030071526726XG  有效  工商·企业  区划440300" "$out"
check "lower case exits 0" 0 "$rc"

out=$("$GAOQI" uscc 91110000600037341N 91110000600037341L 2>&1); rc=$?
check "wrong check character names the expected one" "91110000600037341N  无效  第18位校验码应为L，实际为N
91110000600037341L  有效  工商·企业  区划110000" "$out"
check "one invalid code exits 1" 1 "$rc"

out=$("$GAOQI" uscc 9111000060003734 94110000600037341L 91110000600O37341L 2>&1); rc=$?
check "length, category and alphabet errors" "9111000060003734  无效  统一社会信用代码应为18位，实际为16位
94110000600037341L  无效  第2位机构类别代码“4”无效：登记管理部门“工商”下应为1、2、3之一
91110000600O37341L  无效  第12位字符“O”不允许：统一社会信用代码不使用I、O、S、V、Z" "$out"
check "invalid codes exit 1" 1 "$rc"

out=$(printf '91310115MA1K3BTP2B\n\n91350100M000100Y42\r\n' | "$GAOQI" uscc - 2>&1); rc=$?
check "codes from standard input, blank lines skipped" "91310115MA1K3BTP2B  有效  工商·企业  区划310115
91350100M000100Y42  无效  第18位校验码应为3，实际为2" "$out"
check "stdin with an invalid code exits 1" 1 "$rc"

out=$("$GAOQI" uscc 2>&1); rc=$?
check "no code is a usage error" "gaoqi uscc: 缺少要检查的代码（gaoqi uscc CODE...，或 - 读标准输入）" "$out"
check "no code exits 2" 2 "$rc"

out=$("$GAOQI" uscc --bogus 91110000600037341L 2>&1); rc=$?
check "unknown option" "gaoqi uscc: 未知选项“--bogus”" "$out"
check "unknown option exits 2" 2 "$rc"

"$GAOQI" uscc --help | grep -q '^usage: gaoqi uscc'; check "--help prints usage" 0 "$?"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all uscc checks passed"

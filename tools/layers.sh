#!/usr/bin/env bash
# The house's layering, checked on the built libraries (docs/architecture.md).
#
#   tools/layers.sh SOURCE_DIR LAYER=LIBRARY.a=USES,USES ...
#
# For every layer, each symbol its objects need from another project library
# must be defined by a layer it names in USES (CMakeLists.txt, GAOQI_USES_*):
# static linking would otherwise let io call store unnoticed. Also checks the
# include rules that symbols cannot show: the ledger's internal header is for
# src/ledger only, io and demo never include store/, no lower layer includes
# an upper one, and no two folders include each other (directly or round a
# circle).
# Prints every violation; exits 1 when there is one.
set -euo pipefail
src=$1
shift
declare -A lib uses defs
layers=()
for arg in "$@"; do
	IFS='=' read -r name path use <<<"$arg"
	layers+=("$name")
	lib[$name]=$path
	uses[$name]=${use//,/ }
	defs[$name]=$(nm --defined-only -g "$path" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
done
bad=0
for name in "${layers[@]}"; do
	undef=$(nm -u "${lib[$name]}" 2>/dev/null | awk '{ print $NF }' | sort -u)
	for other in "${layers[@]}"; do
		[ "$other" = "$name" ] && continue
		case " ${uses[$name]} " in *" $other "*) continue ;; esac
		hits=$(comm -12 <(echo "$undef") <(echo "${defs[$other]}") || true)
		# a symbol the layer defines itself is not a call into OTHER
		hits=$(comm -23 <(echo "$hits") <(echo "${defs[$name]}") | grep -v '^$' || true)
		if [ -n "$hits" ]; then
			echo "layers: $name calls $other, which it may not use:" $hits
			bad=1
		fi
	done
done
cd "$src"
check_includes() { # FOLDER PATTERN WHY
	local hits
	hits=$(grep -rlE "#include \"$2" $1 2>/dev/null || true)
	if [ -n "$hits" ]; then
		echo "layers: $3:" $hits
		bad=1
	fi
}
check_includes "src/core src/rules src/store src/io src/demo src/http src/cmd" "ledger/internal\.h" "only src/ledger includes ledger/internal.h"
check_includes "src/io src/demo" "store/" "io and demo do not include store/"
check_includes "src/core src/rules src/store" "(ledger|io|http|cmd|demo)/" "a lower layer includes an upper one"
# No circle between folders: src/A/x.c including "B/y.h" makes folder A
# depend on folder B; the folders must be orderable (tsort finds a loop).
edges=$(grep -rHo --include='*.[ch]' '#include "[^"]*"' src |
	awk -F'#include "' '{
		f = $1; sub(/:$/, "", f); sub(/^src\//, "", f)
		d = f; sub(/\/[^\/]*$/, "", d)
		h = $2; sub(/"$/, "", h)
		hd = h; sub(/\/[^\/]*$/, "", hd)
		if (hd != d) print d " " hd
	}' | sort -u)
if ! loop=$(echo "$edges" | tsort 2>&1 >/dev/null) || [ -n "$loop" ]; then
	echo "layers: folders include each other in a circle:" $loop
	bad=1
fi
if [ $bad = 0 ]; then
	echo "layers: ${#layers[@]} libraries follow the house's layering"
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
fi
exit $bad

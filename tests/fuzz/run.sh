#!/bin/sh
# tests/fuzz/run.sh FUZZ_DIR SECONDS TARGET... — runs each libFuzzer
# target for SECONDS (`make fuzz FUZZ_SECONDS=N`), one after the other,
# one job each.
#
# Inputs: FUZZ_DIR/corpus/TARGET (kept between runs; new inputs go
# there), FUZZ_DIR/seeds/TARGET (tests/fuzz/seeds.sh) and
# tests/fuzz/regressions/TARGET (inputs that once broke a target: every
# run replays them first). A crash, a leak, a timeout or a broken
# invariant leaves the input in FUZZ_DIR/artifacts/TARGET/ and makes the
# exit status 1. SECONDS=0 only replays the regressions and the seeds.
set -u
DIR=$1
SECS=$2
shift 2
FUZZ_NICE=${FUZZ_NICE:-}
status=0

for t in "$@"; do
	bin=$DIR/fuzz_$t
	corpus=$DIR/corpus/$t
	art=$DIR/artifacts/$t
	regress=tests/fuzz/regressions/$t
	mkdir -p "$corpus" "$art"
	[ -d "$regress" ] || regress=
	case $t in
	object) dict=-dict=tests/fuzz/object.dict ;;
	btf | btf_ext | core) dict=-dict=tests/fuzz/btf.dict ;;
	*) dict= ;;
	esac
	mode=-max_total_time=$SECS
	[ "$SECS" -eq 0 ] && mode=-runs=0
	echo "fuzz $t: $SECS s (corpus $corpus)"
	# The log goes to a file: libFuzzer's progress lines are many.
	log=$DIR/fuzz_$t.log
	# shellcheck disable=SC2086 # $dict, $regress, $FUZZ_NICE: empty or one word
	if $FUZZ_NICE "$bin" "$mode" $dict -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$art/" "$corpus" "$DIR/seeds/$t" $regress >"$log" 2>&1; then
		echo "ok fuzz $t: $(grep -E '^(stat::number_of_executed_units|Done [0-9]+ runs)' "$log" | tail -1), corpus $(ls "$corpus" | wc -l) inputs"
	else
		status=1
		echo "FAIL fuzz $t: see $log; the input is in $art/:"
		grep -E 'ERROR|invariant broken|SUMMARY|Test unit written' "$log" | head -8
	fi
done
exit $status

#!/bin/sh
# tests/fuzz/run.sh FUZZ_DIR SECONDS TARGET... — runs each libFuzzer
# target for SECONDS (`make fuzz FUZZ_SECONDS=N`), one process each;
# FUZZ_JOBS (default 1) targets at a time.
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
JOBS=${FUZZ_JOBS:-1}

# fuzz_one TARGET: runs it; its verdict line in DIR/fuzz_TARGET.result,
# with "FAIL" first when it found something.
fuzz_one() {
	t=$1
	bin=$DIR/fuzz_$t
	corpus=$DIR/corpus/$t
	art=$DIR/artifacts/$t
	regress=tests/fuzz/regressions/$t
	log=$DIR/fuzz_$t.log	# libFuzzer's progress lines are many
	mkdir -p "$corpus" "$art"
	[ -d "$regress" ] || regress=
	case $t in
	object) dict=-dict=tests/fuzz/object.dict ;;
	btf | btf_ext | core) dict=-dict=tests/fuzz/btf.dict ;;
	*) dict= ;;
	esac
	mode=-max_total_time=$SECS
	[ "$SECS" -eq 0 ] && mode=-runs=0
	# shellcheck disable=SC2086 # $dict, $regress: empty or one word
	if "$bin" "$mode" $dict -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$art/" "$corpus" "$DIR/seeds/$t" $regress >"$log" 2>&1; then
		echo "ok fuzz $t ($SECS s): $(grep -E '^stat::number_of_executed_units' "$log" |
			sed 's/.*: *//') runs, corpus $(ls "$corpus" | wc -l) inputs" >"$DIR/fuzz_$t.result"
	else
		{
			echo "FAIL fuzz $t: see $log; the input is in $art/:"
			grep -E 'ERROR|invariant broken|SUMMARY|Test unit written' "$log" | head -8
		} >"$DIR/fuzz_$t.result"
	fi
}

status=0
while [ $# -gt 0 ]; do
	batch=
	n=0
	while [ $# -gt 0 ] && [ "$n" -lt "$JOBS" ]; do
		fuzz_one "$1" &
		batch="$batch $1"
		n=$((n + 1))
		shift
	done
	wait
	for t in $batch; do
		cat "$DIR/fuzz_$t.result"
		grep -q '^FAIL' "$DIR/fuzz_$t.result" && status=1
	done
done
exit $status

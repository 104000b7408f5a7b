#!/bin/sh
# tests/vm/tests.d/20-host-tests.sh — the host test suite (tests/host,
# Check), linked statically, in the VM's kernel. Each Check test becomes
# one "ok" or "FAIL" line (CK_VERBOSITY=verbose prints one result line per
# test: FILE:LINE:P|F|E:TCASE:TEST:ITERATION: message).
#
# Check's per-test timeouts are for a real machine; under TCG everything
# runs several times slower, hence CK_TIMEOUT_MULTIPLIER.
set -eu

OUT=/tmp/host_tests.out
XML=/tmp/host_tests.xml
RC=0
CK_VERBOSITY=verbose CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-6} \
	CK_XML_LOG_FILE_NAME=$XML \
	"$BL_BUILD_DIR/tests/host_tests" >$OUT 2>&1 || RC=$?

# The whole output, for the log.
sed 's/^/    /' $OUT

# The time of each suite and the tests over 10 s, from Check's XML log
# (<suite><title>, <test>...<id>, <duration> in seconds), for finding the
# slow ones on a slow VM.
if [ -s $XML ]; then
	awk '
	function num(line) { gsub(/<[^>]*>| /, "", line); return line + 0 }
	function txt(line) { gsub(/<[^>]*>|^ *| *$/, "", line); return line }
	/<title>/ { if (suite != "") printf "    time: suite %s %.1f s\n", suite, st; suite = txt($0); st = 0 }
	/<id>/ { id = txt($0) }
	/<duration>/ && id != "" { d = num($0); st += d; if (d >= 10) printf "    time: test %s:%s %.1f s\n", suite, id, d; id = "" }
	END { if (suite != "") printf "    time: suite %s %.1f s\n", suite, st }
	' $XML
fi

if grep -q '^SKIP host tests' $OUT; then
	echo "FAIL host-tests: skipped as a whole in the VM: $(grep '^SKIP host tests' $OUT)"
	exit 0
fi
# One line per test when Check prints one (CK_VERBOSITY=verbose applies when
# tests/host runs its suites with CK_ENV); else failures from their lines
# and one line for the rest, from the summary.
awk -F: '
$3 == "P" && NF >= 6 { print "ok host:" $4 ":" $5 (($6 + 0) ? "#" $6 : ""); n++ }
($3 == "F" || $3 == "E") && NF >= 6 {
	msg = $7; for (i = 8; i <= NF; i++) msg = msg ":" $i
	print "FAIL host:" $4 ":" $5 "#" $6 ": " $1 ":" $2 ":" msg; n++; bad++
}
/^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
	split($0, w, /[:,] */); checks = w[3]; failed = w[5] + w[7]
}
END {
	if (n == 0 && checks == "") print "FAIL host-tests: no test result lines"
	else if (n == bad && checks > failed)
		print "ok host-tests (" checks - failed " of " checks " checks passed)"
}
' $OUT
if [ "$RC" -ne 0 ] && ! grep -q '^[^:]*:[0-9]*:[FE]:' $OUT; then
	echo "FAIL host-tests: exit $RC without a failed test"
fi

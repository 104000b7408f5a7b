#!/bin/sh
# tests/bench/size.sh — what an embedded system has to carry to load BPF
# programs: the static, stripped bpfload for x86_64, arm64 and 32-bit arm
# (armv7, armhf), against a
# peer measured in the same run, Debian's bpftool with the shared
# libraries it needs beyond the C library (as `ldd` lists them).
#
# The target (issue 3): the stripped static x86_64 binary under 400 KB;
# the same for the armv7 one when it is built (issue 19). Exits 1 when
# either is missed.
set -eu
BUILD=${1:-build}
LIMIT=$((400 * 1024))

size_of() { stat -c %s "$1"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.0f KB", b / 1024 }'; }

x86=$BUILD/static/x86_64/bpfload
arm=$BUILD/static/arm64/bpfload
[ -x "$x86" ] || { echo "bench size: $x86 is not built (make static)"; exit 1; }
x86_size=$(size_of "$x86")
echo "bpfload static x86_64: $x86_size bytes ($(kb "$x86_size")), target < $(kb $LIMIT)"
if [ -x "$arm" ]; then
	arm_size=$(size_of "$arm")
	echo "bpfload static arm64:  $arm_size bytes ($(kb "$arm_size"))"
else
	echo "bpfload static arm64:  not built (make ARCH=arm64 static)"
fi
armv7=$BUILD/static/arm/bpfload
armv7_size=
if [ -x "$armv7" ]; then
	armv7_size=$(size_of "$armv7")
	echo "bpfload static armv7:  $armv7_size bytes ($(kb "$armv7_size")), target < $(kb $LIMIT)"
else
	echo "bpfload static armv7:  not built (make ARCH=arm static)"
fi

# The peer: bpftool and its libraries, minus the C library itself.
BPFTOOL=$(command -v bpftool || true)
for p in /usr/sbin/bpftool /sbin/bpftool; do
	[ -n "$BPFTOOL" ] || { [ -x "$p" ] && BPFTOOL=$p; }
done
if [ -n "$BPFTOOL" ]; then
	real=$(readlink -f "$BPFTOOL")
	total=$(size_of "$real")
	libs=""
	for lib in $(ldd "$real" | awk '/=> \// { print $3 }'); do
		case $(basename "$lib") in
		libc.so* | ld-linux* | libm.so* | libpthread.so* | libdl.so*) continue ;;
		esac
		total=$((total + $(size_of "$(readlink -f "$lib")")))
		libs="$libs $(basename "$lib")"
	done
	echo "peer: bpftool $(size_of "$real") bytes + libraries ($libs ) = $total bytes ($(kb "$total"))"
	awk -v a="$x86_size" -v b="$total" \
		'BEGIN { printf "ratio: bpfload static x86_64 / bpftool with its libraries = %.2fx\n", a / b }'
else
	echo "peer: bpftool is not installed (apt-get install bpftool); no ratio"
fi

if [ "$x86_size" -ge "$LIMIT" ]; then
	echo "FAIL bench size: the static x86_64 bpfload is $(kb "$x86_size"), over $(kb $LIMIT)"
	exit 1
fi
if [ -n "$armv7_size" ] && [ "$armv7_size" -ge "$LIMIT" ]; then
	echo "FAIL bench size: the static armv7 bpfload is $(kb "$armv7_size"), over $(kb $LIMIT)"
	exit 1
fi
echo "ok bench size: under $(kb $LIMIT)"

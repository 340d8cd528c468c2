#!/usr/bin/env bash
# Fuzzes the portable core's parsers and the emulator's request decoding with cargo fuzz
# (libFuzzer; needs the nightly toolchain the machines carry). Installs cargo-fuzz if missing.
#   scripts/fuzz.sh            each target for 60 s
#   scripts/fuzz.sh 600        each target for 600 s
# A crash stops the run and leaves its input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  printf '== cargo-fuzz (cargo install, about 2 minutes)\n' >&2
  cargo +nightly install cargo-fuzz --locked >&2
fi

for target in core_parsers emulator_requests; do
  printf '\n== %s for %s s\n' "$target" "$seconds"
  # The emulator keeps bounded state across requests (sessions, the request log, the outbox,
  # recent JWTs), which LeakSanitizer's per-input check takes for growth and answers with a
  # scan of the whole heap: 60 inputs/s instead of 1,000. Its memory bounds are checked by the
  # reliability suite (RSS under load) instead.
  leaks=1
  [ "$target" = emulator_requests ] && leaks=0
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -detect_leaks="$leaks" -print_final_stats=1 2>&1 \
    | grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|panicked|SUMMARY|artifact_prefix|Test unit written'
done

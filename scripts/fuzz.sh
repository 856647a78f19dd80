#!/usr/bin/env bash
# Runs one fuzz target for a bounded time: scripts/fuzz.sh <target> <seconds> [libFuzzer flags]
# Targets: yaml_loader json_loader ref_resolution generate (fuzz/fuzz_targets/).
#
# libFuzzer through the libfuzzer-sys crate on the pinned stable toolchain: the
# sanitizer-coverage passes are enabled with RUSTFLAGS (cargo-fuzz would need nightly).
# The committed seeds in fuzz/corpus/<target> are read, and new inputs go to a scratch
# corpus (fuzz/target/corpus/<target>, git-ignored), so a run never dirties the tree.
# A finding (panic, stack overflow, timeout, out-of-memory) fails the script and leaves
# the input in fuzz/artifacts/<target>/; turn it into a regression test (README, Fuzzing).
# For the generate and ref_resolution targets, samples of the generated TypeScript are
# compiled with tsc (strict) after the run.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh <target> <seconds> [libFuzzer flags]}
seconds=${2:?usage: scripts/fuzz.sh <target> <seconds> [libFuzzer flags]}
shift 2

export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=3 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps the coverage flags off build scripts and proc macros (which
# would not link without the fuzzer runtime).
host=$(rustc -vV | sed -n 's/^host: //p')
cargo build --manifest-path fuzz/Cargo.toml --release --locked --target "$host" --bin "$target"
binary=fuzz/target/$host/release/$target

scratch=fuzz/target/corpus/$target
samples=fuzz/target/ts-samples/$target
artifacts=fuzz/artifacts/$target
rm -rf "$samples"
mkdir -p "$scratch" "$artifacts" "$samples"
export FUZZ_TS_SAMPLES=$PWD/$samples

# -rss_limit_mb (and -malloc_limit_mb, where malloc hooks exist): an allocation blow-up is a
# finding, not a dead machine.
# -timeout: one input running longer than this is a hang.
"$binary" "$scratch" "fuzz/corpus/$target" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@"

# The TypeScript samples: each must compile under the strictest settings we promise.
count=0
for dir in "$samples"/*/; do
  [ -d "$dir" ] || continue
  # The tests' NodeNext settings (strict and the rest of the strictest flags).
  cat > "$dir/tsconfig.json" <<JSON
{ "extends": "$PWD/tests/ts/tsconfig.nodenext.json", "compilerOptions": { "noEmit": true }, "include": ["**/*.ts"] }
JSON
  echo '{"type": "module"}' > "$dir/package.json"
  if ! node node_modules/typescript/bin/tsc -p "$dir" > "$dir/tsc.log" 2>&1; then
    echo "tsc refused the generated TypeScript in $dir:" >&2
    head -40 "$dir/tsc.log" >&2
    exit 1
  fi
  count=$((count + 1))
done
echo "fuzz $target: ${seconds}s, no finding; $count TypeScript sample(s) compiled with tsc"

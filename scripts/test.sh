#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test of the workspace (unit, snapshot,
# corpus, trybuild, generated TypeScript compiled with real tsc and run against a real
# mosquitto broker, build-script fixtures, the example monorepo and its browser test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
RUSTDOCFLAGS='-D warnings' cargo doc --workspace --no-deps --locked
cargo test --workspace --locked
# Every fuzz target for a short bounded time; a finding fails the suite (README, Fuzzing).
for target in yaml_loader json_loader ref_resolution generate; do
  bash scripts/fuzz.sh "$target" "${FUZZ_SECONDS:-20}"
done

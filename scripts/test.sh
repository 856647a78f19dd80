#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test of the workspace (unit, snapshot,
# corpus, trybuild, generated TypeScript compiled with real tsc and run against a real
# mosquitto broker, build-script fixtures, the example monorepo and its browser test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Tests find the shared corpus through this variable; default: ../shared next to the checkout.
export ASYNCAPI_SHARED_DIR="${ASYNCAPI_SHARED_DIR:-$(cd .. && pwd)/shared}"
export ASYNCAPI_CORPUS_DIR="${ASYNCAPI_CORPUS_DIR:-$ASYNCAPI_SHARED_DIR/specs/public}"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked

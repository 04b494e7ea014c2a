#!/usr/bin/env bash
# ctest: fuzz_plan's check (tests/fuzz/fuzz_plan.c) over its seeds, without
# libFuzzer: every plan fixture's up.sql and down.sql, applied whole
# offline, give TO and FROM.   replay_plan.sh REPLAY_BINARY
set -euo pipefail
bin=${1:?usage: replay_plan.sh REPLAY_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
"$here/make_plan_corpus.sh" "$seeds" "$here/../.."
"$bin" "$here/corpus_plan" "$seeds"

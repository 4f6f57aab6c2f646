#!/usr/bin/env bash
# Installs actionlint, the GitHub workflow linter of the test command, into .tmp/bin where it is missing or not the
# pinned version. It is a Go module, built with `go install` from the Go module proxy. Without Go this fails and
# says so: the workflow lint is never skipped.
set -euo pipefail
VERSION="${1:?usage: ensure-actionlint.sh <version, e.g. v1.7.12>}"
BIN="$(pwd)/.tmp/bin"
if [ -x "$BIN/actionlint" ] && [ "$("$BIN/actionlint" -version | head -1)" = "$VERSION" ]; then
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "actionlint $VERSION lints .github/workflows and is built with Go, which is not installed here:" \
    "install Go (https://go.dev/dl/) and run the test command again" >&2
  exit 1
fi
echo "installing actionlint $VERSION into .tmp/bin (go install)"
GOBIN="$BIN" go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"

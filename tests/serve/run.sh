#!/usr/bin/env bash
# tests/serve/run.sh - svcbook serve: see serve.py.
exec python3 "$(dirname "$0")/serve.py" "${SVCBOOK:-$(cd "$(dirname "$0")/../.." && pwd)/svcbook}"

#!/usr/bin/env bash
# .ci/action.sh - the steps of the svcbook GitHub Action (action.yml), as one
# script that also runs outside GitHub (tests/ci runs it on a fixture
# repository with a stand-in for the GitHub API):
#   1. the Debian packages svcbook needs (scripts/deps.sh; nothing when present)
#   2. build svcbook (skipped when SVCBOOK names a binary)
#   3. lint the book: annotations on the pull request's lines first
#      (--format github --diff), the step summary, the exit code under the
#      filter mode, and, whatever the mode, every finding the base version
#      of the book does not have (--base: a renamed term breaks references
#      on lines the pull request never touched)
#   4. SARIF for code scanning, at $SVCBOOK_OUT/svcbook.sarif
#   5. on a pull request: `svcbook diff BASE HEAD --format markdown`, posted
#      as a comment, or the earlier comment (the one with the hidden marker
#      <!-- svcbook-diff -->) updated
# Environment (action.yml sets it from its inputs):
#   SVCBOOK_BOOK     the book folder, relative to the repository (default standards)
#   SVCBOOK_BASE     the base commit or ref of the pull request (none: no diff, no comment)
#   SVCBOOK_FILTER   added, diff_context, file or nofilter (default added)
#   SVCBOOK_WERROR   true: warnings fail too
#   SVCBOOK_COMMENT  true: post or update the diff comment (needs GITHUB_TOKEN)
#   SVCBOOK_OUT      where the SARIF and the comment go (default $RUNNER_TEMP or /tmp)
#   SVCBOOK          a svcbook binary to use instead of building one
#   SVCBOOK_DOCS_URL the base of the rules' documentation links (svcbook reads it)
#   GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_API_URL,
#   GITHUB_STEP_SUMMARY, GITHUB_OUTPUT: as GitHub sets them
# Exit status: svcbook lint's (0 clean, 1 findings that fail, 2 unusable).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
book=${SVCBOOK_BOOK:-standards}
filter=${SVCBOOK_FILTER:-added}
out=${SVCBOOK_OUT:-${RUNNER_TEMP:-/tmp}}
marker='<!-- svcbook-diff -->'
mkdir -p "$out"
say() { printf 'svcbook-action: %s\n' "$*" >&2; }

# 1-2. svcbook itself
if [ -z "${SVCBOOK:-}" ]; then
	"$src/scripts/deps.sh" build
	make -C "$src" -j"$(nproc)" svcbook >&2
	SVCBOOK=$src/svcbook
fi
[ -d "$book" ] || { say "no book folder '$book' (set the action's book input)"; exit 2; }

# the base version of the book, for --base and the diff comment
old=
if [ -n "${SVCBOOK_BASE:-}" ]; then
	old=$(mktemp -d)
	trap 'rm -rf "$old"' EXIT
	# a book new in the pull request has no base (git archive would fail)
	if git cat-file -e "$SVCBOOK_BASE:$book" 2>/dev/null; then
		git archive "$SVCBOOK_BASE" -- "$book" | tar -x -C "$old"
	fi
fi

# 3. annotations, summary and the exit code
args=(lint "$book" --format github)
if [ -n "${SVCBOOK_BASE:-}" ]; then
	git diff "$SVCBOOK_BASE...HEAD" -- "$book" >"$out/pr.diff"
	args+=(--diff "$out/pr.diff" --filter "$filter")
	[ ! -d "$old/$book" ] || args+=(--base "$old/$book")
fi
[ "${SVCBOOK_WERROR:-false}" = true ] && args+=(--werror)
rc=0
"$SVCBOOK" "${args[@]}" || rc=$?

# 4. SARIF (uploaded by the action's next step)
"$SVCBOOK" lint "$book" --format sarif >"$out/svcbook.sarif" || true
[ -z "${GITHUB_OUTPUT:-}" ] || echo "sarif=$out/svcbook.sarif" >>"$GITHUB_OUTPUT"

# 5. the diff comment
if [ -n "${SVCBOOK_BASE:-}" ] && [ "${SVCBOOK_COMMENT:-true}" = true ]; then
	body=$out/diff-comment.md
	if [ -d "$old/$book" ]; then
		"$SVCBOOK" diff "$old/$book" "$book" --format markdown >"$body.tmp" || [ $? -eq 1 ]
	else
		echo "The book is new in this pull request." >"$body.tmp"
	fi
	# the marker finds this comment again on the next push
	{ grep -qF "$marker" "$body.tmp" || echo "$marker"; cat "$body.tmp"; } >"$body"
	rm -f "$body.tmp"
	pr=
	[ -z "${GITHUB_EVENT_PATH:-}" ] || pr=$(jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH")
	if [ -z "${GITHUB_TOKEN:-}" ] || [ -z "$pr" ] || [ -z "${GITHUB_REPOSITORY:-}" ]; then
		say "diff comment written to $body (no token or pull request: not posted)"
	else
		api=${GITHUB_API_URL:-https://api.github.com}
		auth=(-H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json")
		payload=$(jq -Rs '{body: .}' "$body")
		id=$(curl -fsS "${auth[@]}" "$api/repos/$GITHUB_REPOSITORY/issues/$pr/comments?per_page=100" |
			jq -r --arg m "$marker" '[.[] | select(.body | contains($m))][0].id // empty')
		if [ -n "$id" ]; then
			curl -fsS -X PATCH "${auth[@]}" -d "$payload" "$api/repos/$GITHUB_REPOSITORY/issues/comments/$id" >/dev/null
			say "diff comment $id updated"
		else
			curl -fsS -X POST "${auth[@]}" -d "$payload" "$api/repos/$GITHUB_REPOSITORY/issues/$pr/comments" >/dev/null
			say "diff comment posted"
		fi
	fi
fi
exit "$rc"

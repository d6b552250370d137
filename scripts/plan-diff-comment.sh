#!/usr/bin/env bash
# The pull-request comment: the offline plan of every stack at the checked-out commit (the PR's
# merge commit) compared with its first parent, the base branch, each planned by its own code.
# No credentials. `scripts/plan-diff-comment.sh <comment-file> <full-plan-file>` writes the
# diff comment and the full Markdown plan of the head; exits with the head plan's exit code
# (1 on configuration problems or mandatory policy violations). Needs a checkout with the
# parent commit (fetch depth 2). When the base cannot be planned (first run, broken base), the
# comment is the head's plan alone, fitted with --max-chars.
set -uo pipefail

comment="${1:?usage: scripts/plan-diff-comment.sh <comment-file> <full-plan-file>}"
full="${2:?usage: scripts/plan-diff-comment.sh <comment-file> <full-plan-file>}"
work="$(mktemp -d)"

node bin/model-monitoring.js plan --all --json --no-sql > "$work/head.json"
code=$?
node bin/model-monitoring.js plan --all --markdown > "$full"

# The base branch, planned with its own code and dependencies in a separate worktree.
if git worktree add --detach "$work/base" HEAD^1 >&2 &&
  (cd "$work/base" && npm ci --no-audit --no-fund >&2 &&
    node bin/model-monitoring.js plan --all --json --no-sql > "$work/base.json"
    [ -s "$work/base.json" ]) &&
  node bin/model-monitoring.js plan-diff --base "$work/base.json" --head "$work/head.json" > "$comment"; then
  echo "compared with the base branch ($(git rev-parse --short HEAD^1))" >&2
else
  echo "the base branch could not be planned: commenting the head's plan alone" >&2
  node bin/model-monitoring.js plan --all --markdown --no-sql --max-chars 60000 > "$comment"
fi
git worktree remove --force "$work/base" >/dev/null 2>&1
rm -rf "$work"
exit "$code"

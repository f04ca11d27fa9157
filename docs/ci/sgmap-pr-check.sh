#!/usr/bin/env bash
# sgmap-pr-check.sh PLAN_JSON [info|warning|error]
#
# The sgmap steps of the pull-request workflow (docs/ci/sgmap-diff.yml,
# explained in docs/diff.md): compare a Terraform plan's before with its
# after and write, in the current folder (or $SGMAP_OUT),
#   sgmap-comment.md  the pull-request comment (a marker line, then
#                     `sgmap diff -format md`),
#   sgmap-diff.sarif  the introduced findings, for code scanning.
# It records `exit=0` or `exit=3` (an introduced finding reached the level,
# default error) in $GITHUB_OUTPUT and exits 0 itself, so the comment and
# the SARIF are posted before a later step fails the job. Any other exit
# code of sgmap (a bad plan, a usage error) fails this script at once.
set -euo pipefail
plan=${1:?usage: sgmap-pr-check.sh PLAN_JSON [info|warning|error]}
fail_on=${2:-error}
out=${SGMAP_OUT:-.}

sgmap diff -plan "$plan" -format sarif -o "$out/sgmap-diff.sarif"
code=0
sgmap diff -plan "$plan" -format md -fail-on "$fail_on" -o "$out/sgmap-diff.md" || code=$?
if [ "$code" -ne 0 ] && [ "$code" -ne 3 ]; then
	echo "sgmap diff failed (exit $code)" >&2
	exit "$code"
fi
{
	echo '<!-- sgmap-diff -->'
	cat "$out/sgmap-diff.md"
} >"$out/sgmap-comment.md"
echo "exit=$code" >>"${GITHUB_OUTPUT:-/dev/null}"

# lib.sh is sourced by the bench scripts that set two revisions side by side
# (apitest.sh, compare.sh): it checks each out into a temporary git worktree,
# removed again on exit, and runs the rounds in turn. writes.sh takes
# settle from it.
#
# The sourcing script sets root (the checkout it runs from) and name (its
# own name, for messages) first.

# sides BASE HEAD resolves the two revisions into base_rev and head_rev
# (exit 2 for one that is not there), makes $tmp, which holds the
# worktrees and whatever the script keeps there, and says which revisions
# are compared.
sides() {
	base_rev=$(git -C "$root" rev-parse --verify --quiet "$1^{commit}") || { echo "$name: no revision $1" >&2; exit 2; }
	head_rev=$(git -C "$root" rev-parse --verify --quiet "$2^{commit}") || { echo "$name: no revision $2" >&2; exit 2; }
	tmp=$(mktemp -d)
	trap cleanup EXIT
	echo "$name: base $1 = $base_rev"
	echo "$name: head $2 = $head_rev"
}

# checkout SIDE REV adds the worktree $tmp/SIDE at REV, detached.
checkout() {
	git -C "$root" worktree add --detach --quiet "$tmp/$1" "$2"
}

# cleanup removes the worktrees and $tmp.
cleanup() {
	for side in base head; do
		[ -d "$tmp/$side" ] && git -C "$root" worktree remove --force "$tmp/$side" >/dev/null 2>&1
	done
	git -C "$root" worktree prune
	rm -rf "$tmp"
}

# settle waits until the server $pid is idle (its CPU time grows by under
# 20 ms in 0.5 s): gridmap compresses its app's files in the background at
# start.
settle() {
	local before after
	for _ in $(seq 120); do
		before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
		sleep 0.5
		after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
		[ $((after - before)) -lt 2 ] && return 0
	done
}

# rounds COUNT RUN calls RUN SIDE ROUND for both sides COUNT times, base
# first in odd rounds and head first in even ones, so that a drift of the
# machine's load falls on both.
rounds() {
	local i
	echo "$name: $1 rounds, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
	for i in $(seq 1 "$1"); do
		if [ $((i % 2)) = 1 ]; then "$2" base "$i"; "$2" head "$i"; else "$2" head "$i"; "$2" base "$i"; fi
		echo "$name: round $i of $1 done (load average $(cut -d' ' -f1 /proc/loadavg))"
	done
}

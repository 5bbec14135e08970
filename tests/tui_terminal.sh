#!/bin/sh
# SPDX-License-Identifier: MIT
# The terminal under the explorer (tests/tuilib.sh; tui/terminal.h): a
# terminal it cannot draw on is refused with a message, one without an
# alternate screen is cleared at the end. The real-terminal cases run the
# explorer on a pseudo-terminal of their own (python3's pty), the others
# through key scripts. No tty needed.
. "$(dirname "$0")/tuilib.sh"
run 0 --db "$DB" demo --models 200

# on_pty TERM ARGS...: run `peat --db $DB ARGS` on a pseudo-terminal of
# its own with TERM, `q` typed once it has drawn (or at once when it
# writes nothing); everything it wrote to the terminal goes to $D/pty and
# its exit status to $D/pty.status.
on_pty() {
	term=$1
	shift
	python3 - "$D/pty" "$term" "$PEAT" --db "$DB" "$@" <<'PY' >"$D/pty.status"
import os, pty, select, sys, time
out, term, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = term
    os.execv(argv[0], argv)
got, sent, deadline = b"", False, time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.5)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        got += data
    elif not sent:
        os.write(fd, b"q")
        sent = True
_, status = os.waitpid(pid, 0)
open(out, "wb").write(got)
print(os.waitstatus_to_exitcode(status))
PY
}

# TERM=dumb (no cursor addressing) and a TERM terminfo does not know: the
# explorer is refused before anything is drawn, exit status 1, and the
# message points to the commands.
test_dumb_terminal_refused() {
	on_pty dumb
	expect_eq "$(cat "$D/pty.status")" 1 "exit status on TERM=dumb"
	has "$D/pty" "peat: the explorer needs a terminal that can move its cursor, and TERM=dumb cannot; the commands work on any terminal (peat ls, peat show MODEL"
	checks=$((checks + 1))
	! grep -q "$(printf '\033')" "$D/pty" || fail "an escape sequence was written to a dumb terminal"
	on_pty no-such-terminal
	expect_eq "$(cat "$D/pty.status")" 1 "exit status on an unknown TERM"
	has "$D/pty" "peat: the terminal type \"no-such-terminal\" (TERM) is unknown to the terminfo database; the commands work"
	# A key script on such a terminal is refused the same way, and nothing
	# is written to its output.
	printf 'q\n' >"$D/keys"
	TERM=dumb PEAT_SCRIPT_OUTPUT="$D/dumb-out" run 1 --db "$DB" --script "$D/keys"
	expect_err "TERM=dumb cannot; the commands work on any terminal"
	checks=$((checks + 1))
	[ ! -s "$D/dumb-out" ] || fail "the key script's output was written to on TERM=dumb"
}

# A terminal on which the explorer runs is not refused (the same pty path).
test_xterm_runs() {
	on_pty xterm-256color
	expect_eq "$(cat "$D/pty.status")" 0 "exit status on xterm-256color"
	has "$D/pty" "models hf demo-2024-04"
}

# Without an alternate screen (linux, vt100: no smcup/rmcup) the last
# screen would stay behind the shell's prompt: it is cleared at the end
# (the entry's clear, ESC[H ESC[J). With one (xterm) the terminal gives back
# the screen it had, and nothing is cleared.
test_cleared_without_alternate_screen() {
	for term in linux vt100; do
		TERM=$term PEAT_SCRIPT_OUTPUT="$D/out-$term" tui "q"
		expect_eq "$(tail -c 6 "$D/out-$term" | od -An -c | tr -s ' ')" " 033 [ H 033 [ J" "$term: the screen is cleared at the end"
	done
	TERM=xterm-256color PEAT_SCRIPT_OUTPUT="$D/out-xterm" tui "q"
	checks=$((checks + 1))
	! grep -qF "$(printf '\033[H\033[J')" "$D/out-xterm" || fail "xterm's screen was cleared (it has an alternate screen)"
	on_pty linux
	expect_eq "$(cat "$D/pty.status") $(tail -c 6 "$D/pty" | od -An -c | tr -s ' ')" "0  033 [ H 033 [ J" "linux on a pty: cleared at the end"
}

run_cases "$@"

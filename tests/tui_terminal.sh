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
# its exit status to $D/pty.status ($D/pty.typed says whether it had to
# type that `q`). With ANSWER set (printf escapes), the terminal answers a
# background question (OSC 11) with those bytes.
on_pty() {
	term=$1
	shift
	python3 - "$D/pty" "$term" "${ANSWER:-}" "$PEAT" --db "$DB" "$@" <<'PY' >"$D/pty.status"
import os, pty, select, sys, time
out, term, answer, argv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = term
    os.execv(argv[0], argv)
got, sent, answered, deadline = b"", False, False, time.time() + 20
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
        if answer and not answered and b"\x1b]11;?" in got:
            os.write(fd, answer.encode().decode("unicode_escape").encode("latin-1"))
            answered = True
    elif not sent:
        os.write(fd, b"q")
        sent = True
done, status = os.waitpid(pid, os.WNOHANG)
if not done:  # still running at the deadline: killed, and said
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
open(out, "wb").write(got)
open(out + ".typed", "w").write("typed q\n" if sent else "no q typed\n")
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

# Every colour role of every theme in themes/ has at least 3:1 contrast
# against the background the theme is meant for ("# background:" in the
# file), with xterm's and Tango's palettes (tests/contrast.py, from the
# colours the explorer sets up for the theme on a 256-colour terminal).
test_theme_contrast() {
	for file in "$tests_dir"/../themes/*.theme; do
		name=$(basename "$file" .theme)
		tui ":dump-colors $D/$name.colors
q" --theme "$name"
		checks=$((checks + 1))
		python3 "$tests_dir/contrast.py" "$file" "$D/$name.colors" >"$D/$name.short" || {
			fail "theme $name falls under 3:1:"
			sed 's/^/  | /' "$D/$name.short" >&2
		}
	done
	# The default theme is the built-in colours; its file says the same
	# (read as a theme of another name, it sets up the same colours).
	mkdir -p "$D/themes"
	cp "$tests_dir/../themes/default.theme" "$D/themes/copy.theme"
	PEAT_THEMES_DIR="$D/themes" tui ":dump-colors $D/copy.colors
q" --theme copy
	same_text "the built-in colours against themes/default.theme" "$(cat "$D/default.colors")" "$(cat "$D/copy.colors")"
	# A checker that measures: black on Tango's dark grey falls short.
	printf '# background: dark\ncolor author black default\n' >"$D/themes/bad.theme"
	PEAT_THEMES_DIR="$D/themes" tui ":dump-colors $D/bad.colors
q" --theme bad
	checks=$((checks + 1))
	! python3 "$tests_dir/contrast.py" "$D/themes/bad.theme" "$D/bad.colors" >"$D/bad.short" || fail "black on a dark background passed"
	has "$D/bad.short" "bad.theme: author black on default is 1.00:1 with xterm's palette on a dark background"
	# On 8 colours the default theme's mid-tones are the nearest basic
	# colour: 65 green, 100 yellow, 31 cyan, 133 magenta, 167 red.
	TERM=xterm tui ":dump-colors $D/default8.colors
q"
	expect_eq "$(grep -E '^(gauge-on|turnover-returning|author|library|turnover-dropped) ' "$D/default8.colors" | tr '\n' ',')" \
		"author cyan default,library magenta default,gauge-on green default,turnover-returning yellow default bold,turnover-dropped red default," "the default theme on 8 colours"
}

# `set theme auto` (the default) asks the terminal for its background
# (OSC 11, then DA1, which ends the wait) and picks the light or the dark
# theme; a terminal that says nothing of it gets the default theme. The
# demo label shows which: light's colour 130, dark's yellow (ESC[33m),
# default's 100. The config is not written.
test_theme_auto_asks_the_terminal() {
	ANSWER='\033]11;rgb:ffff/ffff/ffff\033\\\033[?62;22c' on_pty xterm-256color
	expect_eq "$(cat "$D/pty.status")" 0 "exit status, light terminal"
	has "$D/pty" "$(printf '\033]11;?\a\033[c')"
	has "$D/pty" "$(printf '\033[38;5;130m[demo data]')"
	ANSWER='\033]11;rgb:2e2e/3434/3636\a\033[?62;22c' on_pty xterm-256color
	has "$D/pty" "$(printf '\033[33m[demo data]')"
	ANSWER='\033[?62;22c' on_pty xterm-256color
	has "$D/pty" "$(printf '\033[38;5;100m[demo data]')"
	# A key typed while the terminal answers is not lost: q before the
	# answer ends the explorer, nothing else typed.
	ANSWER='q\033]11;rgb:ffff/ffff/ffff\033\\\033[?62;22c' on_pty xterm-256color
	expect_eq "$(cat "$D/pty.status") $(cat "$D/pty.typed")" "0 no q typed" "the q typed during the question"
	# --theme (or a theme in the config) asks nothing.
	ANSWER='\033]11;rgb:ffff/ffff/ffff\033\\\033[?62;22c' on_pty xterm-256color --theme dark
	lacks "$D/pty" "$(printf '\033]11;?')"
	has "$D/pty" "$(printf '\033[33m[demo data]')"
	checks=$((checks + 1))
	[ ! -e "$XDG_CONFIG_HOME/peat/config" ] || fail "the config was written"
}

# Without an answer from the terminal (a key script's never answers),
# COLORFGBG says the background: 15 (white) is light, 0 (black) dark.
test_theme_auto_colorfgbg() {
	COLORFGBG='0;15' tui ":dump-colors $D/light.colors
q"
	expect_eq "$(grep -E '^(author|demo) ' "$D/light.colors" | tr '\n' ,)" "demo color130 default bold,author color24 default," "COLORFGBG 0;15: light"
	COLORFGBG='15;default;0' tui ":dump-colors $D/dark.colors
q"
	expect_eq "$(grep -E '^(author|demo) ' "$D/dark.colors" | tr '\n' ,)" "demo yellow default bold,author cyan default," "COLORFGBG 15;default;0: dark"
	tui ":dump-colors $D/none.colors
q"
	expect_eq "$(grep -E '^(author|demo) ' "$D/none.colors" | tr '\n' ,)" "demo color100 default bold,author color31 default," "nothing said: default"
	config "set theme light"
	COLORFGBG='15;0' tui ":dump-colors $D/set.colors
q"
	expect_eq "$(grep '^author ' "$D/set.colors")" "author color24 default" "a theme set in the config wins"
}

run_cases "$@"

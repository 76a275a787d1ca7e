#!/usr/bin/env bash
# make screenshots: runs the demo console in tmux at 110x32, steps through
# its screens, captures each with its colours (tmux capture-pane -e) and
# renders it to PNG with freeze (tools/freeze pins it), under docs/images/.
# Needs Go and tmux only.
set -euo pipefail

GO=${GO:-go}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/docs/images
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "keeping $work"
sock=dpconsole-shots-$$
cols=110 rows=32

cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	for pid in "${hosts[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
	[ -n "${KEEP:-}" ] || rm -rf "$work"
}
hosts=()
trap cleanup EXIT

command -v tmux >/dev/null || { echo "make screenshots needs tmux" >&2; exit 1; }
(cd "$root" && $GO build -o "$work/dpconsole" .)
(cd "$root/tools/freeze" && $GO build -o "$work/freeze" github.com/charmbracelet/freeze)
mkdir -p "$out"

# The console's environment: its own state, no config file of yours, and a
# terminal with true colour.
export HOME=$work/home DPCONSOLE_STATE_DIR=$work/state TERM=xterm-256color COLORTERM=truecolor
unset XDG_CONFIG_HOME XDG_STATE_HOME DPCONSOLE_GATEWAY DPCONSOLE_USER DPCONSOLE_SESSION TMUX
mkdir -p "$HOME"

start() { # start ARGS...: the console in a fresh tmux session
	tmux -L "$sock" kill-server 2>/dev/null || true
	tmux -L "$sock" -f /dev/null new-session -d -x $cols -y $rows -s shot \
		"$work/dpconsole --theme dark $*; sleep 60"
	tmux -L "$sock" set-option -t shot status off >/dev/null
}
keys() { tmux -L "$sock" send-keys -t shot "$@"; }
typed() { tmux -L "$sock" send-keys -t shot -l "$1"; }
# wait_for TEXT: until the screen shows it (10 s at most).
wait_for() {
	for _ in $(seq 100); do
		tmux -L "$sock" capture-pane -p -t shot | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "screenshots: the screen never showed \"$1\":" >&2
	tmux -L "$sock" capture-pane -p -t shot >&2
	exit 1
}
shot() { # shot NAME: capture the screen as docs/images/NAME.png
	sleep 0.5 # let the last frame land
	tmux -L "$sock" capture-pane -e -p -t shot >"$work/$1.ansi"
	# An explicit size at 4x the font: freeze's own scaling cuts the last
	# line off at small fonts.
	"$work/freeze" --language ansi --font.size 28 --padding 40 -W 1970 -H 1210 \
		-o "$out/$1.png" <"$work/$1.ansi" >/dev/null
	echo "wrote docs/images/$1.png"
}

start --demo
wait_for "Log in to the Data Protector gateway"
shot login
typed operator; keys Enter
wait_for "Password"
typed demo; keys Enter
wait_for "Configurations (2)"
sleep 6 # a few task runs, so the tables have something to show
shot configurations
keys 2
wait_for "Tasks of production"
shot tasks
keys Down Down Down Down Enter
wait_for "Task export-partners of production" # the task in full; enter again: its log
keys Enter
wait_for "Log of production / export-partners"
keys /
typed "not found"; keys Enter
sleep 1
shot log-search
keys Escape Escape
keys :
typed config
sleep 1
shot palette
keys Escape
keys '?'
sleep 1
shot help
keys Escape

# The fleet: three mock hosts named in a config file, one of them stopped.
mkdir -p "$HOME/.config/dpconsole"
port() { sed -n 's|.*listening on http://\([^/]*\)/api.*|\1|p' "$1"; }
for name in eu-west us-east lab; do
	"$work/dpconsole" mock-host --listen 127.0.0.1:0 >"$work/$name.log" 2>&1 &
	hosts+=($!)
done
for name in eu-west us-east lab; do
	for _ in $(seq 50); do [ -n "$(port "$work/$name.log")" ] && break; sleep 0.1; done
done
{
	echo "gateways:"
	for name in eu-west us-east lab; do
		echo "  $name: http://$(port "$work/$name.log")/api"
	done
} >"$HOME/.config/dpconsole/config.yaml"
for name in eu-west us-east; do
	"$work/dpconsole" login --gateway "$name" --user operator --answer prompt-1=demo >/dev/null
done
kill "${hosts[2]}" # lab does not answer
start
wait_for "3 gateways"
sleep 4
shot fleet

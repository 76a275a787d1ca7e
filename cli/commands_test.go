package cli

import (
	"strings"
	"testing"
)

// Every command answers --help on stdout, and 'help COMMAND' says the same.
func TestEveryCommandHasHelp(t *testing.T) {
	r := newRunner(t)
	for _, sub := range []string{"call", "tail", "login", "logout", "fleet", "functions", "version", "serve-ssh"} {
		got := r.run(sub, "--help")
		if got.code != 0 || !strings.HasPrefix(got.stdout, "Usage:\n  dpconsole "+sub) || !strings.Contains(got.stdout, "--help") {
			t.Errorf("%s --help: %+v", sub, got)
		}
		if again := r.run("help", sub); again.code != 0 || again.stdout != got.stdout {
			t.Errorf("help %s differs from %s --help:\n%s", sub, sub, again.stdout)
		}
		if short := r.run(sub, "-h"); short.stdout != got.stdout {
			t.Errorf("%s -h differs from --help", sub)
		}
	}
	if got := r.run("help", "mock-host"); got.code != 0 || !strings.Contains(got.stdout, "dpconsole mock-host hash-password") {
		t.Errorf("help mock-host: %+v", got)
	}
	if got := r.run("help", "frobnicate"); got.code != 1 || !strings.Contains(got.stderr, `unknown subcommand "frobnicate"`) {
		t.Errorf("help frobnicate: %+v", got)
	}
}

// Flags keep their forms: -f and --follow, --flag=value, and a bad value
// is a usage error naming the flag.
func TestFlagForms(t *testing.T) {
	r := newRunner(t)
	for _, args := range [][]string{
		{"tail", "--follow", "--interval", "1ms", "a", "b"},
		{"tail", "-f", "--interval=1ms", "a", "b"},
	} {
		if got := r.run(args...); got.code != 1 || !strings.Contains(got.stderr, "--interval 1ms: give at least 100ms") {
			t.Errorf("%q: %+v", args, got)
		}
	}
	got := r.run("fleet", "--concurrency", "many")
	if got.code != 1 || !strings.Contains(got.stderr, `invalid argument "many" for "--concurrency"`) || !strings.Contains(got.stderr, "Usage:\n  dpconsole fleet") {
		t.Errorf("bad value: %+v", got)
	}
	got = r.run("call", "--timeout")
	if got.code != 1 || !strings.Contains(got.stderr, "flag needs an argument: --timeout") {
		t.Errorf("missing value: %+v", got)
	}
}

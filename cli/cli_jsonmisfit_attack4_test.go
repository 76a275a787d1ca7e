package cli

import (
	"encoding/json"
	"testing"
)

// TestJSONMisfitAttack4: with --json, an answer that does not fit the
// function (no result for configGetID) prints a JSON object saying so,
// as a call that got no answer does, not nothing on stdout.
func TestJSONMisfitAttack4(t *testing.T) {
	url := misbehavingHost(t, answerWith())
	got := newRunner(t).run("call", "--json", "--gateway", url, "--session", "S1", "configGetID", "production", "op.iic")
	var out map[string]any
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil || got.code != 1 || out["error"] == nil {
		t.Fatalf("exit %d, stdout %q (%v), stderr %q", got.code, got.stdout, err, got.stderr)
	}
}

// TestJSONFailureEscapedAttack4: the error in the failure object goes
// through jsonsafe (a bidi override in a host name would reorder it).
func TestJSONFailureEscapedAttack4(t *testing.T) {
	got := newRunner(t).run("call", "--json", "--gateway", "http://127.0.0.1:1/api\u202e", "agentPing")
	for _, r := range got.stdout {
		if r == 0x202e {
			t.Fatalf("raw U+202E in stdout %q", got.stdout)
		}
	}
}

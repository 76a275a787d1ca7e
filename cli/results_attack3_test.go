package cli

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dpconsole/gateway"
)

// answerWith answers every call status 1 with the given results.
func answerWith(results ...gateway.Arg) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := (&gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: results}).Marshal()
		w.Header().Set("Content-Type", "application/xml")
		w.Write(body)
	}
}

// An ID is one result. A host that answers none, or two, must not leave an
// empty or spliced key file behind with exit 0.
func TestOutWithWrongResultCount(t *testing.T) {
	for _, tc := range []struct {
		name    string
		results []gateway.Arg
	}{
		{"no result", nil},
		{"two results", []gateway.Arg{{Value: []byte("ID-ONE")}, {Value: []byte("ID-TWO")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := misbehavingHost(t, answerWith(tc.results...))
			out := filepath.Join(t.TempDir(), "op.iic")
			if err := os.WriteFile(out, []byte("GOOD-ID"), 0o600); err != nil {
				t.Fatal(err)
			}
			r := newRunner(t)
			got := r.run("call", "--gateway", url, "--session", "S1", "--out", out, "configGetID", "production", "op.iic")
			data, err := os.ReadFile(out)
			if got.code == 0 {
				t.Errorf("exit 0 for an ID answered with %d results; file %q (err %v); stdout %q", len(tc.results), data, err, got.stdout)
			}
			if err != nil || string(data) != "GOOD-ID" {
				t.Errorf("the ID already there was replaced: now %q (err %v)", data, err)
			}
		})
	}
}

// Without --out, a missing ID is said, not printed as success.
func TestHumanWithNoResult(t *testing.T) {
	url := misbehavingHost(t, answerWith())
	got := newRunner(t).run("call", "--gateway", url, "--session", "S1", "configGetScript", "production", "s.xml")
	if got.code == 0 {
		t.Errorf("exit 0 for a script answered with no result: %+v", got)
	}
}

// The refusal names what came and what the function answers.
func TestWrongResultCountIsWorded(t *testing.T) {
	url := misbehavingHost(t, answerWith())
	got := newRunner(t).run("call", "--gateway", url, "--session", "S1", "configGetID", "production", "op.iic")
	want := "dpconsole: configGetID: the host answered 0 results, but configGetID answers 1 result (id-contents): the answer does not fit the function, so nothing was written\n"
	if got.code != 1 || got.stderr != want || got.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q, want 1, nothing and %q", got.code, got.stdout, got.stderr, want)
	}
}

// TestJSONSaysWhyNoAnswerCame: with --json, a call that got no answer
// still prints a JSON object, with status 0 and the error, for jq.
func TestJSONSaysWhyNoAnswerCame(t *testing.T) {
	got := newRunner(t).run("call", "--json", "--gateway", "http://127.0.0.1:1/api", "agentPing")
	var out struct {
		Function string `json:"function"`
		Status   int    `json:"status"`
		Error    string `json:"error"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil || got.code != 1 || out.Function != "agentPing" || out.Status != 0 || !strings.Contains(out.Error, "transport") {
		t.Fatalf("exit %d, stdout %q (%v)", got.code, got.stdout, err)
	}
}

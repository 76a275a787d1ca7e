package cli

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"dpconsole/gateway"
)

func TestVersionTextNamesVersionCommitAndGo(t *testing.T) {
	const rev = "4eb0539c0ffee4eb0539c0ffee4eb0539c0ffee0"
	info := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}}
	}
	cases := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"clean", info("false"), "dpconsole v1.2.0-3-g4eb0539 (go1.26.8 linux/amd64)\ncommit " + rev + "\n"},
		{"modified", info("true"), "dpconsole v1.2.0-3-g4eb0539 (go1.26.8 linux/amd64)\ncommit " + rev + " (with local changes)\n"},
		{"no vcs", &debug.BuildInfo{}, "dpconsole v1.2.0-3-g4eb0539 (go1.26.8 linux/amd64)\ncommit unknown\n"},
		{"no build info", nil, "dpconsole v1.2.0-3-g4eb0539 (go1.26.8 linux/amd64)\ncommit unknown\n"},
	}
	for _, c := range cases {
		if got := versionText("v1.2.0-3-g4eb0539", c.info, "go1.26.8 linux/amd64"); got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestVersionCommandPrintsVersionGoAndCommit(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"version"}, strings.NewReader(""), &out, &errb); code != 0 || errb.Len() != 0 {
		t.Fatalf("version: code %d, stderr %q", code, errb.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != "dpconsole "+gateway.Version+" ("+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+")" ||
		!strings.HasPrefix(lines[1], "commit ") {
		t.Errorf("version printed %q", out.String())
	}
	if code := Main([]string{"version", "extra"}, strings.NewReader(""), &out, &errb); code == 0 {
		t.Error("version with an argument succeeded")
	}
}

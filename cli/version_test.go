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
		{"clean", info("false"), "dpconsole v1.2.0-3-g4eb0539\ncommit " + rev + "\ngo1.26.8 linux/amd64\n"},
		{"modified", info("true"), "dpconsole v1.2.0-3-g4eb0539\ncommit " + rev + " (with local changes)\ngo1.26.8 linux/amd64\n"},
		{"no vcs", &debug.BuildInfo{}, "dpconsole v1.2.0-3-g4eb0539\ncommit unknown\ngo1.26.8 linux/amd64\n"},
		{"no build info", nil, "dpconsole v1.2.0-3-g4eb0539\ncommit unknown\ngo1.26.8 linux/amd64\n"},
	}
	for _, c := range cases {
		if got := versionText("v1.2.0-3-g4eb0539", c.info, "go1.26.8 linux/amd64"); got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestVersionCommandPrintsThreeLines(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"version"}, strings.NewReader(""), &out, &errb); code != 0 || errb.Len() != 0 {
		t.Fatalf("version: code %d, stderr %q", code, errb.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 || lines[0] != "dpconsole "+gateway.Version || !strings.HasPrefix(lines[1], "commit ") ||
		lines[2] != runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("version printed %q", out.String())
	}
	if code := Main([]string{"version", "extra"}, strings.NewReader(""), &out, &errb); code == 0 {
		t.Error("version with an argument succeeded")
	}
}

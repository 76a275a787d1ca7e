package gateway

import (
	"runtime/debug"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "4eb0539c0ffee4eb0539c0ffee4eb0539c0ffee0"
	cases := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "dev"},
		{"nothing known", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"module version", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: vcs(rev, "false")}, "v1.2.0"},
		{"clean commit", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "false")}, "4eb0539c0ffe"},
		{"local changes", &debug.BuildInfo{Main: debug.Module{Version: ""}, Settings: vcs(rev, "true")}, "4eb0539c0ffe-dirty"},
	}
	for _, c := range cases {
		if got := versionFrom(c.info); got != c.want {
			t.Errorf("%s: versionFrom = %q, want %q", c.name, got, c.want)
		}
	}
}

// An unstamped test binary still has a version for the User-Agent.
func TestVersionIsNeverEmpty(t *testing.T) {
	if Version == "" {
		t.Fatal("Version is empty")
	}
}

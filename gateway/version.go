package gateway

import "runtime/debug"

// Version is the dpconsole version, sent in the User-Agent and printed by
// `dpconsole version`. `make build` stamps it from `git describe --tags
// --always --dirty` with -ldflags "-X dpconsole/gateway.Version=…"; an
// unstamped build names itself from its build information instead.
var Version string

func init() {
	if Version == "" {
		info, _ := debug.ReadBuildInfo()
		Version = versionFrom(info)
	}
}

// versionFrom names an unstamped build: the main module's version where the
// go command knew one (`go install dpconsole@v1.2.0`, or the pseudo-version
// it derives from the repository), else the commit it was built from, with
// "-dirty" for local changes, else "dev".
func versionFrom(info *debug.BuildInfo) string {
	if info == nil {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "-dirty"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return rev + dirty
}

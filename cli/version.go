package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"dpconsole/gateway"
)

func (c *cli) versionCommand() *cobra.Command {
	cmd := c.newCmd("version", "print the version", "dpconsole version", "Prints the dpconsole version, the commit it was built from and the Go version.\n")
	cmd.RunE = c.action(func(pos []string) int { return c.version(cmd, pos) })
	return cmd
}

func (c *cli) version(cmd *cobra.Command, pos []string) int {
	if len(pos) > 0 {
		return c.usageError(cmd, "unexpected argument %q", pos[0])
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(c.stdout, versionText(gateway.Version, info, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH))
	return exitOK
}

// versionText is the output of `dpconsole version`: the version with the
// Go version and platform, then the commit from the build information
// ("unknown" when the go command recorded none, as in tests).
func versionText(version string, info *debug.BuildInfo, goVersion string) string {
	commit := "unknown"
	if info != nil {
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			commit = rev
			if modified == "true" {
				commit += " (with local changes)"
			}
		}
	}
	return fmt.Sprintf("dpconsole %s (%s)\ncommit %s\n", version, goVersion, commit)
}

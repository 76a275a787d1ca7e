package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"dpconsole/config"
)

// configPath is the config file: --config, else
// $XDG_CONFIG_HOME/dpconsole/config.yaml, else
// ~/.config/dpconsole/config.yaml. must says it was named, so a missing
// file is an error.
func (c *cli) configPath(flagged string) (path string, must bool) {
	if flagged != "" {
		return flagged, true
	}
	dir := c.getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := c.getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", false
			}
			home = h
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "dpconsole", "config.yaml"), false
}

// loadConfig reads the config file for a subcommand.
func (c *cli) loadConfig(flagged string) (config.File, error) {
	path, must := c.configPath(flagged)
	return config.Load(path, must)
}

// isGatewayName reports whether a --gateway value names a gateway of the
// config file: names hold no '/' (docs/protocol.md §6), URLs do.
func isGatewayName(s string) bool { return s != "" && !strings.Contains(s, "/") }

// resolveConn turns --gateway NAME (or DPCONSOLE_GATEWAY=NAME) into the
// named gateway's URL and settings; a flag given on the command line wins
// over the entry. A URL is left as it is.
func (c *cli) resolveConn(f *connFlags) error {
	if !isGatewayName(f.gateway) {
		return nil
	}
	fc, err := c.loadConfig(f.config)
	if err != nil {
		return err
	}
	g, err := fc.Lookup(f.gateway)
	if err != nil {
		return fmt.Errorf("--gateway: %w", err)
	}
	f.name, f.gateway = g.Name, g.URL
	given := func(name string) bool { return f.fs != nil && f.fs.Changed(name) }
	if f.user == "" && f.withLogin {
		f.user = g.User
	}
	if !given("timeout") && g.Timeout > 0 {
		f.timeout = g.Timeout
	}
	if !given("ca-file") && g.CAFile != "" {
		f.caFile = g.CAFile
	}
	f.insecure = f.insecure || g.Insecure
	f.readOnly = g.ReadOnly
	return nil
}

// gatewayFlagHelp is the --gateway flag's help wherever it is accepted.
const gatewayFlagHelp = "gateway `URL or NAME` (a name from the config file's gateways:; env DPCONSOLE_GATEWAY)"

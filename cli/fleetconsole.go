package cli

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/config"
	"dpconsole/fileio"
	"dpconsole/fleet"
	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/theme"
)

// fleetStart decides whether the console runs over the config file's
// named gateways: yes when --gateway (or DPCONSOLE_GATEWAY) names one,
// start being that name, and when none was chosen and the file names
// some (start "" shows the Fleet pane when there are several). A URL or
// --demo runs the one console as before.
func fleetStart(opts Options, fc config.File) (start string, ok bool, err error) {
	switch {
	case opts.Demo:
		return "", false, nil
	case opts.Gateway == "":
		if len(fc.Gateways) == 1 {
			return fc.GatewayNames()[0], true, nil
		}
		return "", len(fc.Gateways) > 1, nil
	case !isGatewayName(opts.Gateway):
		return "", false, nil
	}
	if _, err := fc.Lookup(opts.Gateway); err != nil {
		return "", false, fmt.Errorf("--gateway: %w", err)
	}
	return opts.Gateway, true, nil
}

// fleetHosts builds one client per named gateway: the entry's settings,
// else the flags'; a session kept by `dpconsole login --gateway NAME`
// for the same URL is taken (kept may be nil).
func fleetHosts(opts Options, fc config.File, kept func(name string) *savedSession, warn func(string)) ([]fleet.Host, error) {
	var hosts []fleet.Host
	for _, name := range fc.GatewayNames() {
		g := fc.Gateways[name]
		h := fleet.Host{Name: name, URL: g.URL, ReadOnly: g.ReadOnly, User: g.User, Timeout: g.Timeout}
		if h.User == "" {
			h.User = opts.User
		}
		timeout, ca := opts.Timeout, opts.CAFile
		if g.Timeout > 0 {
			timeout = g.Timeout
		}
		if g.CAFile != "" {
			ca = g.CAFile
		}
		cl, err := gateway.NewClient(gateway.Options{URL: g.URL, Timeout: timeout, CAFile: ca,
			Insecure: g.Insecure || opts.Insecure, MaxLogSize: opts.MaxLogSize, Warn: func(s string) { warn(name + ": " + s) }})
		if err != nil {
			return nil, fmt.Errorf("gateway %q: %w", name, err)
		}
		if h.Timeout == 0 && timeout > 0 {
			h.Timeout = timeout
		}
		if kept != nil {
			if s := kept(name); s != nil && sameGateway(s.Gateway, g.URL) {
				cl.SetSession(s.Session)
				h.KeptUser = s.User
			}
		}
		h.Client = cl
		hosts = append(hosts, h)
	}
	return hosts, nil
}

// runFleet runs the console over the named gateways until the operator
// quits, then closes the sessions its consoles opened (kept ones stay).
func runFleet(parent context.Context, opts Options, fc config.File, start string, keys keymap.KeyMap, th theme.Theme,
	r *lipgloss.Renderer, logger *log.Logger) error {
	hosts, err := fleetHosts(opts, fc, opts.keptSession, func(s string) { logger.Print(s) })
	if err != nil {
		return err
	}
	editor := fileio.EditorFromEnv(os.Getenv)
	if fc.Editor == "builtin" {
		editor = nil // the console's own editor (widgets/editor)
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	s := localSession(ctx, r, keys, th, editor, opts, logger)
	defer s.Mouse.Close() // the fleet's consoles share the terminal's zones
	m, err := fleet.New(fleet.Options{Hosts: hosts, Start: start, Session: s})
	if err != nil {
		return err
	}
	return runLocal(ctx, m, opts.Mouse, logger)
}

// keptFor returns the session `dpconsole login --gateway NAME` kept for
// name, or nil when there is none or it cannot be trusted.
func (c *cli) keptFor(name string) *savedSession {
	s, _, err := c.loadKept(name)
	if err != nil {
		return nil
	}
	return s
}

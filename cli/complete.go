package cli

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dpconsole/gateway"
	"dpconsole/text/sanitize"
)

// completeTimeout bounds a completion's host look-up: TAB must not hang
// on a host that does not answer.
const completeTimeout = time.Second

const noFiles = cobra.ShellCompDirectiveNoFileComp

// addCompletion wires the completions into the tree: --gateway names from
// the config file everywhere, fixed values for a few flags, and each
// command's arguments.
func (c *cli) addCompletion(root *cobra.Command) {
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		for name, fn := range map[string]cobra.CompletionFunc{
			"gateway": c.completeGateway,
			"theme":   fixed("dark", "light", "auto"),
			"level":   fixed("debug", "info", "warn", "error"),
		} {
			if cmd.Flags().Lookup(name) != nil {
				_ = cmd.RegisterFlagCompletionFunc(name, fn) // only fails for a flag already registered
			}
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, sub := range root.Commands() {
		switch sub.Name() {
		case "call":
			sub.ValidArgsFunction = c.completeCall
		case "tail":
			sub.ValidArgsFunction = c.completeTail
		case "functions":
			sub.ValidArgsFunction = func(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, noFiles
				}
				return functionNames(prefix), noFiles
			}
		case "help":
			sub.ValidArgsFunction = func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
				var out []cobra.Completion
				for _, s := range cmd.Root().Commands() {
					if len(args) == 0 && s.IsAvailableCommand() && strings.HasPrefix(s.Name(), prefix) {
						out = append(out, cobra.CompletionWithDesc(s.Name(), s.Short))
					}
				}
				return out, noFiles
			}
		case "login", "logout", "fleet", "version", "serve-ssh":
			sub.ValidArgsFunction = cobra.NoFileCompletions
		}
	}
	root.ValidArgsFunction = cobra.NoFileCompletions
}

// fixed completes one of a few values.
func fixed(values ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range values {
			if strings.HasPrefix(v, prefix) {
				out = append(out, v)
			}
		}
		return out, noFiles
	}
}

// functionNames are the registry's functions starting with prefix (in any
// case, as call accepts them), each with its one-line summary.
func functionNames(prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, fn := range gateway.Functions() {
		if strings.HasPrefix(strings.ToLower(fn.Name), strings.ToLower(prefix)) {
			out = append(out, cobra.CompletionWithDesc(fn.Name, fn.Summary))
		}
	}
	return out
}

// completeGateway offers the config file's gateway names, each with its
// URL (credentials redacted).
func (c *cli) completeGateway(cmd *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cfgPath, _ := cmd.Flags().GetString("config")
	fc, err := c.loadConfig(cfgPath)
	if err != nil {
		return nil, noFiles
	}
	var out []cobra.Completion
	for _, name := range fc.GatewayNames() {
		if strings.HasPrefix(name, prefix) {
			out = append(out, cobra.CompletionWithDesc(name, gateway.RedactURL(fc.Gateways[name].URL)))
		}
	}
	return out, noFiles
}

// completeCall completes call's function name, then each argument as its
// kind asks: names from the host, fixed values, or @FILE.
func (c *cli) completeCall(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return functionNames(prefix), noFiles
	}
	fn, ok := gateway.Lookup(args[0])
	specs := fn.UserArgs()
	if !ok || len(specs) == 0 {
		return nil, noFiles
	}
	i := len(args) - 1 // the argument being completed
	if i >= len(specs) && !specs[len(specs)-1].Repeated {
		return nil, noFiles
	}
	spec := specs[min(i, len(specs)-1)]
	if strings.HasPrefix(prefix, "@") || (prefix == "" && (spec.Kind == gateway.KindXML || spec.Kind == gateway.KindBinary)) {
		return atFiles(prefix)
	}
	switch {
	case spec.Name == "config-name":
		return c.fromHost(cmd, prefix, func(ctx context.Context, cl *gateway.Client) ([]string, error) { return cl.ConfigGetList(ctx) })
	case spec.Name == "preset-name":
		return c.fromHost(cmd, prefix, func(ctx context.Context, cl *gateway.Client) ([]string, error) { return cl.SharedGetPresetList(ctx) })
	case spec.Name == "task-name" && strings.HasPrefix(fn.Name, "template"):
		return c.fromHost(cmd, prefix, func(ctx context.Context, cl *gateway.Client) ([]string, error) { return cl.TemplateGetList(ctx) })
	case spec.Name == "task-name" && i > 0 && specs[i-1].Name == "config-name":
		out, dir := c.tasksOf(cmd, args[i], prefix)
		if spec.Help == "task name, or * for every task" && strings.HasPrefix("*", prefix) {
			out = append(out, cobra.CompletionWithDesc("*", "every task"))
		}
		return out, dir
	case spec.Name == "alter-option":
		return fixed("Enable", "Disable")(cmd, args, prefix)
	}
	return nil, noFiles
}

// completeTail completes CONFIG then TASK from the host.
func (c *cli) completeTail(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if agent, _ := cmd.Flags().GetBool("agent"); agent {
		return nil, noFiles
	}
	switch len(args) {
	case 0:
		return c.fromHost(cmd, prefix, func(ctx context.Context, cl *gateway.Client) ([]string, error) { return cl.ConfigGetList(ctx) })
	case 1:
		return c.tasksOf(cmd, args[0], prefix)
	}
	return nil, noFiles
}

// tasksOf completes the names of a configuration's tasks.
func (c *cli) tasksOf(cmd *cobra.Command, config, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.fromHost(cmd, prefix, func(ctx context.Context, cl *gateway.Client) ([]string, error) {
		doc, err := cl.ConfigGetTasks(ctx, config)
		if err != nil {
			return nil, err
		}
		// Only the names: a document the console would refuse still
		// names its tasks.
		var tasks struct {
			Task []struct {
				Name string `xml:"name,attr"`
			}
		}
		if err := xml.Unmarshal([]byte(doc), &tasks); err != nil {
			return nil, err
		}
		names := make([]string, 0, len(tasks.Task))
		for _, t := range tasks.Task {
			names = append(names, t.Name)
		}
		return names, nil
	})
}

// fromHost asks the host for names with the session at hand (given or
// kept; never a login), within completeTimeout. No session, no answer or
// an error: no candidates, and nothing printed.
func (c *cli) fromHost(cmd *cobra.Command, prefix string, ask func(context.Context, *gateway.Client) ([]string, error)) ([]cobra.Completion, cobra.ShellCompDirective) {
	cl := c.completionClient(cmd)
	if cl == nil {
		return nil, noFiles
	}
	ctx, cancel := context.WithTimeout(c.ctx, completeTimeout)
	defer cancel()
	names, err := ask(ctx, cl)
	if err != nil {
		return nil, noFiles
	}
	var out []cobra.Completion
	for _, n := range names {
		// Host text becomes shell words, which the shell shows: only
		// names that are shown as they are (no C0 or C1 control, bidi
		// mark, line separator or invalid UTF-8) become candidates.
		if strings.HasPrefix(n, prefix) && n != "" && utf8.ValidString(n) && sanitize.SanitizeLine(n) == n {
			out = append(out, n)
		}
	}
	return out, noFiles
}

// completionClient is a client for the command's gateway with a session:
// --session/--session-file/DPCONSOLE_SESSION, else the one kept for that
// gateway; nil when there is none. It resolves as connect does, quietly.
func (c *cli) completionClient(cmd *cobra.Command) *gateway.Client {
	fs := cmd.Flags()
	str := func(name string) string { v, _ := fs.GetString(name); return v }
	insecure, _ := fs.GetBool("insecure")
	f := &connFlags{gateway: str("gateway"), user: str("user"), config: str("config"), caFile: str("ca-file"),
		insecure: insecure, timeout: completeTimeout, fs: fs, withLogin: fs.Lookup("user") != nil}
	if err := c.resolveConn(f); err != nil {
		return nil
	}
	sessionID, err := c.givenSession(&sessionFlags{id: str("session"), file: str("session-file")})
	if err != nil {
		return nil
	}
	saved, _, _ := c.loadKept(f.name)
	url := f.gateway
	if url == "" && saved != nil {
		url = saved.Gateway
	}
	if sessionID == "" && saved != nil && sameGateway(saved.Gateway, url) && (f.user == "" || f.user == saved.User) {
		sessionID = saved.Session
	}
	if url == "" || sessionID == "" {
		return nil
	}
	cl, err := gateway.NewClient(gateway.Options{URL: url, Timeout: min(f.timeout, completeTimeout), CAFile: f.caFile,
		Insecure: f.insecure, Warn: func(string) {}})
	if err != nil {
		return nil
	}
	cl.SetSession(sessionID)
	return cl
}

// atFiles completes an @FILE argument: the paths starting with what
// follows the @, each with the @ before it; a directory ends in / and
// takes no space, so TAB goes on into it.
func atFiles(prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	path := strings.TrimPrefix(prefix, "@")
	dir, base := filepath.Split(path)
	entries, err := os.ReadDir(filepath.Join(".", dir))
	if dir != "" {
		entries, err = os.ReadDir(dir)
	}
	if err != nil {
		return nil, noFiles
	}
	var out []cobra.Completion
	onlyFile := true
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
				isDir = st.IsDir()
			}
		}
		if isDir {
			name += "/"
			onlyFile = false
		}
		out = append(out, "@"+dir+name)
	}
	if len(out) == 1 && onlyFile {
		return out, noFiles
	}
	return out, noFiles | cobra.ShellCompDirectiveNoSpace
}

package palette

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// command is a navigation command: typed in the palette's filter with
// its arguments (":tasks production"), listed before the functions.
type command struct {
	Name    string
	Args    string // how its arguments are written, e.g. "[CONFIG]"
	Summary string
	// min and max are how many arguments it takes; the arguments are
	// configuration names first, then task names.
	min, max int
	fleet    bool // only in a fleet's console (Common.Gateways)
	run      func(m *Model, args []string) tea.Cmd
}

// Panes, in the shell's tab order (ui's pane constants).
const (
	paneConfigs = iota
	paneTasks
	paneLogs
	paneShared
	paneTemplates
	paneHost
)

func msgCmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func switchTo(pane int) func(*Model, []string) tea.Cmd {
	return func(*Model, []string) tea.Cmd { return msgCmd(common.SwitchPaneMsg{Pane: pane}) }
}

// commands are the palette's navigation commands, in the order listed.
var commands = []command{
	{Name: "configs", Summary: "show the configurations", run: switchTo(paneConfigs)},
	{Name: "tasks", Args: "[CONFIG]", Summary: "show the tasks (of CONFIG)", max: 1,
		run: func(_ *Model, args []string) tea.Cmd {
			if len(args) == 0 {
				return msgCmd(common.SwitchPaneMsg{Pane: paneTasks})
			}
			return tea.Batch(msgCmd(common.ConfigSelectedMsg{Config: args[0]}), msgCmd(common.OpenTasksMsg{Config: args[0]}))
		}},
	{Name: "logs", Args: "[CONFIG TASK]", Summary: "tail the log of TASK in CONFIG (the agent's without)", max: 2,
		run: func(_ *Model, args []string) tea.Cmd {
			if len(args) == 0 {
				return msgCmd(common.SwitchPaneMsg{Pane: paneLogs})
			}
			return msgCmd(common.OpenLogMsg{Config: args[0], Task: args[1]})
		}},
	{Name: "shared", Summary: "show the shared presets, scripts and IDs", run: switchTo(paneShared)},
	{Name: "templates", Summary: "show the task templates", run: switchTo(paneTemplates)},
	{Name: "host", Summary: "show the host", run: switchTo(paneHost)},
	{Name: "fleet", Summary: "back to the fleet of gateways", fleet: true,
		run: func(*Model, []string) tea.Cmd { return msgCmd(common.FleetMsg{}) }},
	{Name: "gateway", Args: "NAME", Summary: "show the console of gateway NAME", min: 1, max: 1, fleet: true,
		run: func(_ *Model, args []string) tea.Cmd { return msgCmd(common.GatewayMsg{Name: args[0]}) }},
	{Name: "help", Summary: "list every key", run: func(*Model, []string) tea.Cmd { return msgCmd(common.ShowHelpMsg{}) }},
	{Name: "quit", Summary: "quit the console", run: func(*Model, []string) tea.Cmd { return msgCmd(common.QuitMsg{}) }},
}

// commandNames are the commands' names, for matching.
var commandNames = func() []string {
	out := make([]string, len(commands))
	for i, c := range commands {
		out[i] = c.Name
	}
	return out
}()

// words splits the filter into the command word and its arguments; a
// leading ":" (typed out of habit) is dropped.
func (m *Model) words() []string {
	return strings.Fields(strings.TrimPrefix(strings.TrimSpace(m.filter.Value()), ":"))
}

// matchCommands lists the commands the filter's first word matches:
// those it starts first, then fuzzy matches.
func (m *Model) matchCommands() []int {
	w := m.words()
	var out []int
	if len(w) == 0 {
		for i := range commands {
			out = append(out, i)
		}
	} else {
		for i, n := range commandNames {
			if strings.HasPrefix(n, strings.ToLower(w[0])) {
				out = append(out, i)
			}
		}
		for _, f := range fuzzy.Find(w[0], commandNames) {
			if !slices.Contains(out, f.Index) {
				out = append(out, f.Index)
			}
		}
	}
	if len(w) > 1 || strings.HasSuffix(m.filter.Value(), " ") {
		// Arguments follow: only the command named in full takes them.
		out = slices.DeleteFunc(out, func(i int) bool { return commands[i].Name != strings.ToLower(w[0]) })
	}
	// The fleet's commands exist only in a fleet's console.
	return slices.DeleteFunc(out, func(i int) bool { return commands[i].fleet && len(m.c.Gateways) == 0 })
}

// runCommand checks the arguments typed after the command and runs it:
// the palette closes and the shell gets the command's message.
func (m *Model) runCommand(c command) tea.Cmd {
	args := m.words()
	if len(args) > 0 {
		args = args[1:]
	}
	switch {
	case len(args) > c.max:
		m.errText = fmt.Sprintf(":%s takes %s; got %s", c.Name, argWords(c), common.Count(len(args), "word"))
		return nil
	case len(args) < c.min:
		m.errText = fmt.Sprintf(":%s needs %s (tab completes)", c.Name, c.Args)
		return nil
	case c.Name == "logs" && len(args) == 1:
		m.errText = ":logs needs the configuration and the task: :logs CONFIG TASK (tab completes)"
		return nil
	}
	for i, a := range args {
		if known, ok := m.cmdNames[keyFor(c, args[:i])]; ok && !slices.Contains(known, a) {
			m.errText = fmt.Sprintf("no configuration %q on the host (tab completes the names)", a)
			if c.Name == "gateway" {
				m.errText = fmt.Sprintf("no gateway %q in the fleet (tab completes the names)", a)
			} else if i > 0 {
				m.errText = fmt.Sprintf("no task %q in %s (tab completes the names)", a, args[0])
			}
			return nil
		}
	}
	m.Close()
	return c.run(m, args)
}

func argWords(c command) string {
	if c.max == 0 {
		return "no arguments"
	}
	return c.Args
}

// namesKey names the list that completes the argument after args: the
// configurations, or the tasks of args[0].
func namesKey(args []string) string {
	if len(args) == 0 {
		return "configurations"
	}
	return "tasks of " + args[0]
}

// keyFor is namesKey for command c: :gateway completes the fleet's
// gateways.
func keyFor(c command, args []string) string {
	if c.Name == "gateway" {
		return "gateways"
	}
	return namesKey(args)
}

// cmdNamesMsg answers fetchCmdNames.
type cmdNamesMsg struct {
	call  uint64
	key   string
	names []string
}

// argPosition returns the command being typed with its arguments before
// the one under the cursor, and that partial argument; ok is false when
// no argument is being typed.
func (m *Model) argPosition() (c command, before []string, partial string, ok bool) {
	w := m.words()
	if len(w) == 0 {
		return c, nil, "", false
	}
	i := slices.Index(commandNames, strings.ToLower(w[0]))
	if i < 0 || commands[i].max == 0 {
		return c, nil, "", false
	}
	args := w[1:]
	if strings.HasSuffix(m.filter.Value(), " ") {
		args = append(args, "")
	} else if len(args) == 0 {
		return c, nil, "", false // still the command word
	}
	if len(args) > commands[i].max {
		return c, nil, "", false
	}
	return commands[i], args[:len(args)-1], args[len(args)-1], true
}

// fetchCmdNames asks the host, in commands, for the names that complete
// the argument being typed and those before it (a configuration typed
// whole is checked too), unless they are known or on their way.
func (m *Model) fetchCmdNames() tea.Cmd {
	c, before, _, ok := m.argPosition()
	if !ok {
		return nil
	}
	var cmds []tea.Cmd
	for i := range before {
		cmds = append(cmds, m.fetchNamesFor(c, before[:i]))
	}
	if _, _, _, bad := m.strayArg(); !bad {
		// Not for the tasks of what is no configuration.
		cmds = append(cmds, m.fetchNamesFor(c, before))
	}
	return tea.Batch(cmds...)
}

// fetchNamesFor asks for the names that complete the argument of c
// after before, unless they are known or on their way.
func (m *Model) fetchNamesFor(c command, before []string) tea.Cmd {
	k := keyFor(c, before)
	if k == "gateways" {
		m.cmdNames[k] = m.c.Gateways // known already: no call
		return nil
	}
	if _, known := m.cmdNames[k]; known || m.cmdAsking[k] {
		return nil
	}
	m.cmdAsking[k] = true
	ctx, call := m.c.Calls.Background("listing the " + k)
	cl := m.c.Client
	config := ""
	if len(before) > 0 {
		config = before[0]
	}
	return func() tea.Msg {
		names, err := listNames(ctx, cl, config)
		if err != nil {
			names = nil
		}
		return cmdNamesMsg{call: call, key: k, names: names}
	}
}

// listNames lists the configurations, or the tasks of config.
func listNames(ctx context.Context, cl *gateway.Client, config string) ([]string, error) {
	if config == "" {
		return cl.ConfigGetList(ctx)
	}
	doc, err := cl.ConfigGetTasks(ctx, config)
	if err != nil {
		return nil, err
	}
	ts, err := hostdoc.ParseTasks([]byte(doc))
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ts.Tasks))
	for i, t := range ts.Tasks {
		out[i] = t.Name
	}
	return out, nil
}

// onCmdNames keeps the names a command's argument completes from; a
// name the screen would not show as typed, or with a space (the words
// are split at spaces), is dropped. A Tab pressed while they were read
// completes now, if the filter is still what it was then.
func (m *Model) onCmdNames(msg cmdNamesMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	delete(m.cmdAsking, msg.key)
	var kept []string
	for _, n := range msg.names {
		if n != "" && sanitize.SanitizeLine(n) == n && !strings.ContainsAny(n, " \t\n") && !slices.Contains(kept, n) {
			kept = append(kept, n)
		}
	}
	m.cmdNames[msg.key] = kept
	if m.mode != modeList {
		return nil
	}
	return m.pendingTabs()
}

// pendingTabs completes the Tabs pressed while names were read, oldest
// first, each on the text it was pressed on, with what was typed after it
// kept: ":logs pro<Tab>sy<Tab>" becomes ":logs production sync-reports"
// once both lists are in. A Tab whose names are still on their way waits
// for them, and the ones after it with it.
func (m *Model) pendingTabs() tea.Cmd {
	var cmds []tea.Cmd // each may ask for the next word's names: none is dropped
	for len(m.tabs) > 0 {
		p, v := m.tabs[0], m.filter.Value()
		if !strings.HasPrefix(v, p) {
			m.tabs, m.tabWait = nil, false
			break
		}
		rest := v[len(p):]
		m.setFilter(p)
		m.tabWait = false
		cmd, _ := m.completeCommand()
		cmds = append(cmds, cmd)
		if m.tabWait { // its names are on their way still
			m.setFilter(v)
			break
		}
		done := m.filter.Value()
		if strings.HasSuffix(done, " ") {
			rest = strings.TrimLeft(rest, " ")
		}
		m.setFilter(done + rest)
		// The later Tabs were pressed on text this one changed.
		later := m.tabs[1:]
		for i, q := range later {
			if strings.HasPrefix(q, p) {
				tail := q[len(p):]
				if strings.HasSuffix(done, " ") {
					tail = strings.TrimLeft(tail, " ")
				}
				later[i] = done + tail
			}
		}
		m.tabs = later
	}
	return tea.Batch(cmds...)
}

// strayArg finds an argument before the one typed that is not a name of
// its list (":logs pro sy": "pro" is no configuration), which the names
// after it would be looked up in. names are those it starts, to
// complete it with; bad is false when every one is known (or its list is
// not read yet).
func (m *Model) strayArg() (i int, kind string, names []string, bad bool) {
	c, before, _, ok := m.argPosition()
	if !ok {
		return 0, "", nil, false
	}
	for i, w := range before {
		known, ok := m.cmdNames[keyFor(c, before[:i])]
		if !ok || slices.Contains(known, w) {
			continue
		}
		for _, n := range known {
			if strings.HasPrefix(strings.ToLower(n), strings.ToLower(w)) {
				names = append(names, n)
			}
		}
		kind = "configuration"
		if c.Name == "gateway" {
			kind = "gateway"
		}
		return i, kind, names, true
	}
	return 0, "", nil, false
}

// cmdCandidates are the known names that start the argument typed.
func (m *Model) cmdCandidates() (label string, names []string, ok bool) {
	c, before, partial, ok := m.argPosition()
	if !ok {
		return "", nil, false
	}
	label = keyFor(c, before)
	known, ok := m.cmdNames[label]
	if !ok {
		return label, nil, false
	}
	for _, n := range known {
		if strings.HasPrefix(strings.ToLower(n), strings.ToLower(partial)) {
			names = append(names, n)
		}
	}
	return label, names, true
}

// completeCommand is Tab in the list: it completes the command word to
// the command under the cursor, or the argument typed to the first
// known name it starts. ok is false when there is nothing to complete.
func (m *Model) completeCommand() (tea.Cmd, bool) {
	w := m.words()
	if _, _, _, arg := m.argPosition(); !arg {
		if m.cursor >= len(m.cmds) || (len(w) > 1) {
			return nil, false
		}
		c := commands[m.cmds[m.cursor]]
		text := c.Name
		if c.max > 0 {
			text += " "
		}
		m.setFilter(text)
		return m.fetchCmdNames(), true
	}
	c, before, partial, _ := m.argPosition()
	for i := range before {
		if _, ok := m.cmdNames[keyFor(c, before[:i])]; !ok {
			// An earlier word's list is still read: wait for it.
			m.tabWait, m.tabText = true, m.filter.Value()
			return m.fetchNamesFor(c, before[:i]), true
		}
	}
	if i, _, names, bad := m.strayArg(); bad {
		if len(names) == 0 {
			return nil, true // the hint says it is no name of the host's
		}
		// Complete the earlier word first, then the one typed.
		words := append([]string{c.Name}, before...)
		words[i+1] = names[0]
		if partial == "" {
			m.setFilter(strings.Join(words, " ") + " ")
			return m.fetchCmdNames(), true
		}
		m.setFilter(strings.Join(append(words, partial), " "))
		return m.completeCommand()
	}
	_, names, ok := m.cmdCandidates()
	if !ok {
		// The names are being read: Tab completes once they arrive
		// (onCmdNames), unless the filter changes meanwhile.
		m.tabWait, m.tabText = true, m.filter.Value()
		return m.fetchCmdNames(), true
	}
	if len(names) == 0 {
		return nil, true
	}
	parts := append([]string{c.Name}, before...)
	text := strings.Join(append(parts, names[0]), " ")
	if len(before)+1 < c.max {
		text += " "
	}
	m.setFilter(text)
	return m.fetchCmdNames(), true
}

// setFilter replaces the filter's text, the cursor at its end.
func (m *Model) setFilter(text string) {
	m.filter.SetValue(text)
	m.filter.CursorEnd()
	m.errText = ""
	m.refilter()
}

// commandHint says what Tab completes the argument typed with, or "".
func (m *Model) commandHint() string {
	label, names, ok := m.cmdCandidates()
	c, before, partial, arg := m.argPosition()
	i, kind, stray, bad := m.strayArg()
	for j := range before {
		if _, known := m.cmdNames[keyFor(c, before[:j])]; !known {
			// A word before is not checked yet: the names after it may
			// be the tasks of nothing.
			label, ok = keyFor(c, before[:j]), false
			break
		}
	}
	switch {
	case !arg:
		return ""
	case bad && len(stray) > 0:
		return fmt.Sprintf("%q is not a %s · %s completes it: %s", before[i], kind,
			m.input.KeyMap.AcceptSuggestion.Help().Key, strings.Join(stray[:min(len(stray), maxNamesShown)], ", "))
	case bad:
		return fmt.Sprintf("%q is not a %s of the host", before[i], kind)
	case !ok:
		return fmt.Sprintf(":%s %s — listing the %s…", c.Name, c.Args, label)
	case len(names) == 0:
		return fmt.Sprintf("none of the %s starts with %q", label, partial)
	}
	more := ""
	if len(names) > maxNamesShown {
		names, more = names[:maxNamesShown], " …"
	}
	return m.input.KeyMap.AcceptSuggestion.Help().Key + " completes · " + label + ": " + strings.Join(names, ", ") + more
}

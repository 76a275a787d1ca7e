package palette

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/text/sanitize"
)

// maxNamesShown is how many matching names the hint under the input
// lists, as the panes' prompts do.
const maxNamesShown = 6

// namesMsg answers fetchNames: the names the host has for the argument
// being asked.
type namesMsg struct {
	tok   uint64
	call  uint64
	label string // where the names come from, e.g. "tasks of production"
	names []string
}

// nameSource says which names can complete the current argument, and
// how to fetch them; ok is false for an argument with no list on the
// host (an ID or script name, an XML document).
func (m *Model) nameSource() (label string, fetch func(context.Context, *gateway.Client) ([]string, error), ok bool) {
	spec := m.specs[m.argIdx]
	switch spec.Name {
	case "config-name":
		if m.fn.Name == "configCreate" {
			return "", nil, false // the name must be new: the list would only mislead
		}
		return "configurations", func(ctx context.Context, cl *gateway.Client) ([]string, error) {
			return cl.ConfigGetList(ctx)
		}, true
	case "task-name":
		config, given := m.given("config-name")
		if !given {
			// templateGetTask: its task-name is a template name.
			return "templates", func(ctx context.Context, cl *gateway.Client) ([]string, error) {
				return cl.TemplateGetList(ctx)
			}, true
		}
		return "tasks of " + config, func(ctx context.Context, cl *gateway.Client) ([]string, error) {
			doc, err := cl.ConfigGetTasks(ctx, config)
			if err != nil {
				return nil, err
			}
			ts, err := hostdoc.ParseTasks([]byte(doc))
			if err != nil {
				return nil, err
			}
			names := make([]string, len(ts.Tasks))
			for i, t := range ts.Tasks {
				names[i] = t.Name
			}
			return names, nil
		}, true
	}
	return "", nil, false
}

// given returns the value already given for the argument called name.
func (m *Model) given(name string) (string, bool) {
	for _, v := range m.values {
		if v.spec.Name == name {
			return strings.TrimSpace(v.text), true
		}
	}
	return "", false
}

// fetchNames asks the host, in a command, for the names that complete
// the current argument; nil when it has none.
func (m *Model) fetchNames() tea.Cmd {
	m.c.Calls.Cancel(m.namesCall)
	m.namesCall, m.namesTok = 0, m.namesTok+1
	m.known, m.knownLabel, m.tabWait = nil, "", false
	m.offer(nil)
	label, fetch, ok := m.nameSource()
	if !ok {
		return nil
	}
	ctx, call := m.c.Calls.Background("listing the " + label)
	m.namesCall = call
	tok, cl := m.namesTok, m.c.Client
	return func() tea.Msg {
		names, err := fetch(ctx, cl)
		if err != nil {
			names = nil // no completion: the call itself will say what is wrong
		}
		return namesMsg{tok: tok, call: call, label: label, names: names}
	}
}

// onNames offers the names for the argument still being asked. A name
// that would not show as typed (control characters from the host) is
// dropped: Tab never types what the screen does not show. A Tab pressed
// while they were read completes now, if nothing was typed since.
func (m *Model) onNames(msg namesMsg) {
	m.c.Calls.End(msg.call)
	if msg.tok != m.namesTok || m.mode != modeArgs {
		return
	}
	m.namesCall = 0
	seen := map[string]bool{}
	var kept []string
	for _, n := range msg.names {
		if n != "" && !seen[n] && sanitize.SanitizeLine(n) == n && !strings.ContainsAny(n, "\t\n") {
			seen[n] = true
			kept = append(kept, n)
		}
	}
	m.known, m.knownLabel = kept, msg.label
	m.offer(kept)
	if m.tabWait && m.input.Value() == m.tabText {
		m.complete()
	}
	m.tabWait = false
}

// offer gives the input names to complete in grey. The input refreshes
// its matches only while ShowSuggestions is on (and completes from stale
// ones otherwise), so it is on while they are set. Without colour the
// grey completion would read as typed text: the input gets no names and
// Tab completes from the hint, as the panes' prompts do.
func (m *Model) offer(names []string) {
	if m.plain() {
		names = nil
	}
	m.input.ShowSuggestions = true
	m.input.SetSuggestions(names)
	m.input.ShowSuggestions = len(names) > 0
}

func (m *Model) plain() bool { return m.c.Styles != nil && m.c.Styles.Plain }

// completeKey is Tab while names are known.
func (m *Model) completeKey(msg tea.KeyMsg) bool {
	return len(m.known) > 0 && key.Matches(msg, m.input.KeyMap.AcceptSuggestion)
}

// complete replaces what is typed with the first known name it starts.
func (m *Model) complete() {
	if match := m.matching(); len(match) > 0 {
		m.input.SetValue(match[0])
		m.input.CursorEnd()
	}
}

// matching returns the known names that start with what is typed.
func (m *Model) matching() []string {
	typed := strings.ToLower(strings.TrimSpace(m.input.Value()))
	var out []string
	for _, n := range m.known {
		if strings.HasPrefix(strings.ToLower(n), typed) {
			out = append(out, n)
		}
	}
	return out
}

// namesHint lists the known names that match what is typed, or "" when
// the host gave none.
func (m *Model) namesHint() string {
	if len(m.known) == 0 {
		return ""
	}
	match := m.matching()
	if len(match) == 0 {
		return fmt.Sprintf("none of the %s starts with %s", m.knownLabel, strings.TrimSpace(m.input.Value()))
	}
	more := ""
	if len(match) > maxNamesShown {
		match, more = match[:maxNamesShown], " …"
	}
	return m.input.KeyMap.AcceptSuggestion.Help().Key + " completes · " + m.knownLabel + ": " + strings.Join(match, ", ") + more
}

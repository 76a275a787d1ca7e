package palette

import (
	"context"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/views/common"
)

// getterOf returns the function that reads what fn saves (configSaveID →
// configGetID) and the values naming the item, when the registry has
// such a reader taking the same leading arguments; ok is false otherwise.
func getterOf(fn gateway.Function, values []argValue) (get gateway.Function, keys []argValue, ok bool) {
	if !strings.Contains(fn.Name, "Save") {
		return gateway.Function{}, nil, false
	}
	get, found := gateway.Lookup(strings.Replace(fn.Name, "Save", "Get", 1))
	if !found {
		return gateway.Function{}, nil, false
	}
	args := get.UserArgs()
	if len(args) == 0 || len(args) >= len(values) {
		return gateway.Function{}, nil, false
	}
	for i, a := range args {
		if values[i].spec.Name != a.Name || a.Kind != gateway.KindText {
			return gateway.Function{}, nil, false
		}
	}
	return get, values[:len(args)], true
}

// replaced words what a save over an existing item replaces and who uses
// it: "replaces shared script verify.xml, used by every configuration
// whose tasks name it".
func replaced(fn gateway.Function, keys []argValue) string {
	_, kind, _ := strings.Cut(fn.Name, "Save")
	kind = strings.ToLower(kind)
	if kind == "id" {
		kind = "ID"
	}
	switch {
	case strings.HasPrefix(fn.Name, "shared") && len(keys) == 1:
		return fmt.Sprintf("replaces shared %s %s, used by every configuration whose tasks name it", kind, keys[0].text)
	case kind == "tasks" && len(keys) == 1:
		return fmt.Sprintf("replaces the tasks document of configuration %s: every task it runs", keys[0].text)
	case len(keys) == 2:
		return fmt.Sprintf("replaces %s %s of configuration %s, used by that configuration's tasks", kind, keys[1].text, keys[0].text)
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.text
	}
	return fmt.Sprintf("replaces the existing %s %s", kind, strings.Join(parts, " "))
}

// confirmRun asks the shell to confirm the call, saying what it replaces
// when it saves over an item the host has: the reader is called first
// (common.CheckReplace) so the dialog can name it.
func (m *Model) confirmRun(ask common.ConfirmMsg) tea.Cmd {
	get, keys, ok := getterOf(m.fn, m.values)
	if !ok {
		return func() tea.Msg { return ask }
	}
	what := replaced(m.fn, keys)
	replace := ask
	replace.Title = "Replace? " + m.fn.Name
	replace.Action = "Replace"
	replace.Body = strings.ToUpper(what[:1]) + what[1:] + ". " + ask.Body
	m.askNew = ask
	args := make([]gateway.Arg, len(keys))
	for i, k := range keys {
		args[i] = gateway.Arg{Value: []byte(k.text)}
	}
	name := get.Name
	return m.c.CheckReplace("checking what "+m.fn.Name+" would replace",
		func(ctx context.Context, cl *gateway.Client) error { _, err := cl.Call(ctx, name, args...); return err },
		replace, ask.OnConfirm)
}

// onExists goes on with a replace check: the dialog naming the item, or
// the plain confirm for a new name (a destructive function always asks);
// a check the operator left is dropped.
func (m *Model) onExists(msg common.ExistsMsg) tea.Cmd {
	if m.mode != modeReady || msg.Exists || msg.Err != nil {
		if m.mode != modeReady {
			m.c.Calls.End(msg.Call)
			return nil
		}
		return m.c.OnExists(msg)
	}
	m.c.Calls.End(msg.Call)
	ask := m.askNew
	return func() tea.Msg { return ask }
}

package templates

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/pane"
)

// Applying a template adds its <Task> to a configuration's tasks under a
// name the operator confirms, through the same guard as every tasks save
// (docs/protocol.md §13): the configuration's tasks as read are the base,
// the save shows its diff and reads them again right before it saves.

type (
	// configsMsg lists the configurations for the prompt to complete.
	configsMsg struct {
		call  uint64
		names []string
	}
	// targetMsg is the chosen configuration's tasks, read.
	targetMsg struct {
		call   uint64
		config string
		doc    string
		err    error
	}
	// appliedMsg ends an apply.
	appliedMsg struct {
		config, task string
		err          error
	}
)

// applying is the apply in progress.
type applying struct {
	template string
	task     *hostdoc.Task
	body     []byte // the template's document as shown
	config   string
	base     string   // the configuration's tasks as read
	names    []string // their task names
}

// validConfig checks the configuration named for an apply; an empty
// answer is asked for, not refused with the naming rules.
func validConfig(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("give the configuration to apply it to (Tab completes)")
	}
	return hostdoc.ValidName("configuration", s)
}

// startApply asks which configuration the selected template goes to,
// completing from the host's configurations.
func (m *Model) startApply(name string) tea.Cmd {
	if name == "" || !m.Doc.Shows(name) || m.Doc.Loading {
		return common.Flash("no template loaded to apply")
	}
	t, err := hostdoc.ParseTemplate([]byte(m.Doc.Document()))
	if err != nil {
		return common.FlashError("template " + name + " cannot be applied: " + err.Error())
	}
	m.apply = &applying{template: name, task: t, body: []byte(m.Doc.Document())}
	cmd := m.OpenPrompt("apply-config", "Apply template "+name+" to configuration:", m.lastConfig, validConfig)
	ctx, call := m.c.Calls.Background("listing the configurations")
	cl := m.c.Client
	return tea.Batch(cmd, func() tea.Msg {
		names, _ := cl.ConfigGetList(ctx) // no completion on failure: the read after says why
		return configsMsg{call: call, names: names}
	})
}

// onConfigs offers the configurations to the prompt still asking.
func (m *Model) onConfigs(msg configsMsg) {
	m.c.Calls.End(msg.call)
	if m.Prompt.Active() && m.Prompt.Purpose() == "apply-config" {
		m.Suggest(msg.names)
	}
}

// readTarget reads the chosen configuration's tasks: the save's base.
func (m *Model) readTarget(config string) tea.Cmd {
	m.apply.config = config
	ctx, call := m.c.Calls.Begin("reading the tasks of " + config)
	cl := m.c.Client
	return func() tea.Msg {
		doc, err := cl.ConfigGetTasks(ctx, config)
		return targetMsg{call: call, config: config, doc: doc, err: err}
	}
}

// onTarget asks the new task's name once the configuration's tasks are
// read: the template's own, or one free beside it.
func (m *Model) onTarget(msg targetMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	a := m.apply
	if a == nil || a.config != msg.config {
		return nil
	}
	switch {
	case errors.Is(msg.err, gateway.ErrNotFound):
		cmd := m.Reprompt("apply-config", "Apply template "+a.template+" to configuration:", msg.config,
			common.ValidName("configuration"), "no configuration "+msg.config+" on the host")
		return cmd
	case msg.err != nil:
		m.apply = nil
		return common.Fail("read the tasks of "+msg.config, msg.err)
	}
	ts, err := hostdoc.ParseTasks([]byte(msg.doc))
	if err != nil {
		m.apply = nil
		return common.FlashError("the tasks of " + msg.config + " do not parse (" + err.Error() + "); fix them first")
	}
	a.base, a.names = msg.doc, nil
	for _, t := range ts.Tasks {
		a.names = append(a.names, t.Name)
	}
	return m.OpenPrompt("apply-name", "Name of the new task in "+msg.config+":", freeName(a.task.Name, a.names), func(s string) error {
		if err := hostdoc.ValidName("task", s); err != nil {
			return err
		}
		if slices.Contains(a.names, s) {
			return fmt.Errorf("%s already has a task named %s", a.config, s)
		}
		return nil
	})
}

// freeName is want, or want-2, want-3… when the tasks have it.
func freeName(want string, taken []string) string {
	name := want
	for i := 2; slices.Contains(taken, name); i++ {
		name = fmt.Sprintf("%s-%d", want, i)
	}
	return name
}

// withTask adds t, named name, at the end of the tasks document base,
// keeping the rest of it as it was so the diff shows only the new task.
func withTask(base string, t hostdoc.Task, name string) ([]byte, error) {
	t.Name = name
	elem, err := hostdoc.MarshalTask(&t)
	if err != nil {
		return nil, err
	}
	elem = common.SelfClose(elem)
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(string(elem), "\n"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	if i, ok := rootEnd(base); ok {
		head := strings.TrimRight(base[:i], " \t")
		if !strings.HasSuffix(head, "\n") {
			head += "\n"
		}
		mine := []byte(head + b.String() + base[i:])
		// The document keeps its comments and layout: check that the task
		// landed in it rather than trust the splice.
		if ts, err := hostdoc.ParseTasks(mine); err != nil || ts.Find(name) == nil {
			return nil, fmt.Errorf("could not add task %s to the tasks document (its end tag was not found where expected): add it with e", name)
		}
		return mine, nil
	}
	// An empty document (<Tasks/>, or nothing): write it whole.
	ts, err := hostdoc.ParseTasks([]byte(base))
	if err != nil {
		ts = &hostdoc.Tasks{}
	}
	ts.Tasks = append(ts.Tasks, t)
	doc, err := hostdoc.MarshalTasks(ts)
	return common.SelfClose(doc), err
}

// rootEnd returns where the root element's end tag starts in doc, as
// the XML decoder reads it: a comment or CDATA that mentions </Tasks>
// after it or inside it does not count. ok is false for a document that
// does not parse, or whose root closes itself (<Tasks/>).
func rootEnd(doc string) (at int, ok bool) {
	dec := xml.NewDecoder(strings.NewReader(doc))
	depth := 0
	for {
		off := dec.InputOffset()
		tok, err := dec.RawToken()
		if err != nil {
			return 0, false
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth--; depth == 0 {
				if !strings.HasPrefix(doc[off:], "</") {
					return 0, false // <Tasks/>: the decoder's end has no text
				}
				return int(off), true
			}
		}
	}
}

// saveApplied saves the configuration's tasks with the template's task
// added, through the guard.
func (m *Model) saveApplied(name string) tea.Cmd {
	a := m.apply
	m.apply = nil
	mine, err := withTask(a.base, *a.task, name)
	if err == nil {
		var problems []hostdoc.Problem
		if _, problems, err = hostdoc.CheckTasks(mine); err == nil && len(problems) > 0 {
			err = errors.New(problems[0].String())
		}
	}
	if err != nil {
		return common.FlashError("template " + a.template + " not applied: " + err.Error())
	}
	config, text := a.config, string(mine)
	what := "tasks of " + config
	return pane.Save(m.c, &pane.Guard{
		What: what, Base: []byte(a.base), Mine: mine,
		Note: fmt.Sprintf("It adds task %s from template %s.", name, a.template),
		Get: func(ctx context.Context, cl *gateway.Client) ([]byte, error) {
			s, err := cl.ConfigGetTasks(ctx, config)
			return []byte(s), err
		},
		Put: func(ctx context.Context, cl *gateway.Client) error { return cl.ConfigSaveTasks(ctx, config, text) },
		Keep: func(reason string) tea.Cmd {
			return common.Flash("template " + a.template + " not applied to " + config + ": " + reason)
		},
		Done: func(err error) tea.Msg { return appliedMsg{config: config, task: name, err: err} },
	})
}

// onApplied says how the apply ended; the panes showing the
// configuration's tasks read them again.
func (m *Model) onApplied(msg appliedMsg) tea.Cmd {
	if msg.err != nil {
		return common.Fail("apply the template to "+msg.config, msg.err)
	}
	return tea.Batch(common.Flash(fmt.Sprintf("added task %s to %s", msg.task, msg.config)),
		func() tea.Msg { return common.HostChangedMsg{Function: "configSaveTasks"} })
}

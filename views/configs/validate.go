package configs

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
)

// missingRefs checks the IDs and scripts the tasks refer to the way a run
// looks them up, in the configuration first, then in the shared area,
// and words each one that is in neither: every run of that task fails.
func missingRefs(ctx context.Context, cl *gateway.Client, config string, ts *hostdoc.Tasks) []string {
	type ref struct{ kind, name string }
	found := map[ref]error{}
	look := func(r ref) error {
		if err, ok := found[r]; ok {
			return err
		}
		var err error
		if r.kind == "ID" {
			if _, err = cl.ConfigGetID(ctx, config, r.name); errors.Is(err, gateway.ErrNotFound) {
				_, err = cl.SharedGetID(ctx, r.name)
			}
		} else {
			if _, err = cl.ConfigGetScript(ctx, config, r.name); errors.Is(err, gateway.ErrNotFound) {
				_, err = cl.SharedGetScript(ctx, r.name)
			}
		}
		found[r] = err
		return err
	}
	var out []string
	for _, t := range ts.Tasks {
		for _, r := range []ref{{"ID", t.ID}, {"script", t.Script}} {
			if r.name == "" || ctx.Err() != nil {
				continue
			}
			switch err := look(r); {
			case errors.Is(err, gateway.ErrNotFound):
				out = append(out, fmt.Sprintf("%s: warning: %s %s is neither in %s nor in the shared area: every run will fail",
					t.Name, r.kind, r.name, config))
			case err != nil:
				out = append(out, fmt.Sprintf("%s: warning: could not look up %s %s: %v", t.Name, r.kind, r.name, err))
			}
		}
	}
	return out
}

// validatedMsg reports v: every task's problems, errors and warnings.
type validatedMsg struct {
	call     uint64
	config   string
	tasks    int
	problems []string
}

// validate checks the shown tasks document as a save would, without the
// editor: every task's name and schedule, and whether the IDs and
// scripts it names exist (a call per name, in a command).
func (m *Model) validate(name string) tea.Cmd {
	if name == "" || !m.Doc.Shows(name) {
		return common.Flash("the tasks of " + name + " are not loaded yet; press t first")
	}
	ts, problems, err := hostdoc.CheckTasks([]byte(m.Doc.Document()))
	if err != nil {
		return common.FlashError(err.Error())
	}
	ctx, call := m.c.Calls.Begin("validating the tasks of " + name)
	cl := m.c.Client
	return func() tea.Msg {
		out := validatedMsg{call: call, config: name, tasks: len(ts.Tasks) + len(problems)}
		for _, p := range problems {
			out.problems = append(out.problems, p.String())
		}
		out.problems = append(out.problems, missingRefs(ctx, cl, name, ts)...)
		return out
	}
}

// onValidated shows the report: a flash when all is well, else a dialog
// listing every problem.
func (m *Model) onValidated(msg validatedMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	if len(msg.problems) == 0 {
		return common.Flash(fmt.Sprintf("tasks of %s are valid: %s, every ID and script found", msg.config, plural(msg.tasks, "task")))
	}
	errs, warns := 0, 0
	for _, p := range msg.problems {
		if strings.Contains(p, ": error: ") {
			errs++
		} else {
			warns++
		}
	}
	ask := common.ConfirmMsg{Title: "Validation of the tasks of " + msg.config, Action: "OK", Report: true,
		Body: fmt.Sprintf("%s: %s, %s.\n\n%s", plural(msg.tasks, "task"), plural(errs, "error"), plural(warns, "warning"),
			strings.Join(msg.problems, "\n"))}
	return func() tea.Msg { return ask }
}

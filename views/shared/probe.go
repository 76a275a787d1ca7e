package shared

import (
	"errors"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/views/common"
)

// The protocol lists no shared IDs or scripts (docs/protocol.md §12), so
// the pane lists those the configurations' tasks name, each probed in
// the shared area, beside the presets.

// ref is what the probe found of one shared name the tasks use.
type ref struct {
	State string   // refShared, refMissing, or refUnknown when the probe failed
	Users []string // the configurations whose tasks name it
}

// The states of a ref, as the Shared column words them.
const (
	refShared  = "yes"
	refMissing = "no" // the tasks find it in their configuration, or nowhere
	refUnknown = "?"
)

// probeMsg answers probe: the names in the order found.
type probeMsg struct {
	call  uint64
	order []item
	refs  map[item]ref
	err   error
}

// probe reads the tasks of the configurations (at most maxConfigs) and
// looks up each ID and script they name in the shared area, in the
// background.
func (m *Model) probe() tea.Cmd {
	m.c.Calls.End(m.probeCall)
	ctx, call := m.c.Calls.Background("probing the shared IDs and scripts the tasks use")
	m.probeCall = call
	cl := m.c.Client
	return func() tea.Msg {
		out := probeMsg{call: call, refs: map[item]ref{}}
		configs, err := cl.ConfigGetList(ctx)
		if err != nil {
			out.err = err
			return out
		}
		for _, c := range configs[:min(len(configs), maxConfigs)] {
			doc, err := cl.ConfigGetTasks(ctx, c)
			if err != nil {
				continue
			}
			for _, kind := range []string{kindID, kindScript} {
				for _, n := range common.TaskRefs(kind, doc) {
					it := item{kind, n}
					r, seen := out.refs[it]
					if !seen {
						out.order = append(out.order, it)
					}
					if !slices.Contains(r.Users, c) {
						r.Users = append(r.Users, c)
					}
					out.refs[it] = r
				}
			}
		}
		for _, it := range out.order {
			r := out.refs[it]
			switch _, err := fetch(ctx, cl, it); {
			case err == nil:
				r.State = refShared
			case errors.Is(err, gateway.ErrNotFound):
				r.State = refMissing
			default:
				r.State = refUnknown
			}
			out.refs[it] = r
		}
		return out
	}
}

// onProbe keeps what the probe found and lists it.
func (m *Model) onProbe(msg probeMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	if msg.call != m.probeCall {
		return nil // an older probe
	}
	m.probeCall = 0
	if msg.err != nil {
		return common.FailSession("probe the shared items", msg.err)
	}
	m.refOrder, m.refs = msg.order, msg.refs
	return m.rebuild()
}

// sharedCell words whether the shared area has it: presets and names
// opened this session are there.
func (m *Model) sharedCell(it item) string {
	if r, ok := m.refs[it]; ok && r.State != "" {
		return r.State
	}
	return refShared
}

// usersCell lists the configurations whose tasks name it.
func (m *Model) usersCell(it item) string { return strings.Join(m.refs[it].Users, ", ") }

// missing counts the names the tasks use that the shared area lacks.
func (m *Model) missing() int {
	n := 0
	for _, r := range m.refs {
		if r.State == refMissing {
			n++
		}
	}
	return n
}

// found marks it as in the shared area (it was just saved there).
func (m *Model) found(it item) {
	if r, ok := m.refs[it]; ok {
		r.State = refShared
		m.refs[it] = r
	}
}

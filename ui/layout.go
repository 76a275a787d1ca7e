package ui

import (
	"strings"
	"time"

	"dpconsole/views/common"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

// minBody is the smallest body a pane is given; a smaller terminal cuts
// the view rather than handing a pane a negative size.
const minBody = 1

// layout measures the header and footer and sizes every view to the rest.
func (m *Model) layout() {
	if !m.ready {
		return
	}
	top := lipgloss.Height(m.headerView())
	bottom := lipgloss.Height(m.footerView())
	m.bodyHeight = max(minBody, m.height-top-bottom)
	for _, p := range m.panes {
		p.SetSize(m.width, m.bodyHeight)
	}
	m.login.SetSize(m.width, m.bodyHeight)
	m.palette.SetSize(m.width, m.bodyHeight)
	if m.confirm != nil {
		m.confirm.SetSize(m.width, m.bodyHeight)
	}
	m.help.Width = m.width
}

// View joins header, body and footer; it renders nothing until the
// terminal's size is known, and does no I/O.
func (m *Model) View() string {
	if !m.ready {
		return ""
	}
	body := m.bodyView()
	body = lipgloss.NewStyle().MaxHeight(m.bodyHeight).Render(body)
	if gap := m.bodyHeight - lipgloss.Height(body); gap > 0 {
		body += strings.Repeat("\n", gap)
	}
	return lipgloss.JoinVertical(lipgloss.Left, m.headerView(), body, m.footerView())
}

func (m *Model) headerView() string {
	h := m.header.view(m.c, m.info, m.width)
	if !m.loggedIn {
		return h
	}
	return h + "\n" + m.tabsView()
}

// tabsView names the panes with their number keys.
func (m *Model) tabsView() string {
	s := m.c.Styles
	g := m.c.Keys.Global
	keys := []key.Binding{g.Pane1, g.Pane2, g.Pane3, g.Pane4, g.Pane5, g.Pane6}
	tabs := make([]string, 0, len(m.panes))
	for i, p := range m.panes {
		label := p.Title()
		if i < len(keys) && keys[i].Enabled() {
			label = keys[i].Help().Key + " " + label
		}
		if i == m.active {
			if s.Plain {
				label = "[" + label + "]"
			}
			tabs = append(tabs, s.TabActive.Render(label))
		} else {
			if s.Plain {
				label = " " + label + " "
			}
			tabs = append(tabs, s.TabInactive.Render(label))
		}
	}
	line := strings.Join(tabs, s.TabGap.Render(""))
	if len(m.stack) > 0 {
		line += s.Muted.Render("  (esc: back to " + m.panes[m.stack[len(m.stack)-1]].Title() + ")")
	}
	return truncate(line, m.width)
}

func (m *Model) bodyView() string {
	switch {
	case !m.loggedIn:
		return m.login.View()
	case m.confirm != nil:
		return m.confirm.View()
	case m.showHelp:
		return m.helpView()
	case m.palette.Open():
		return m.palette.View()
	case len(m.panes) == 0:
		return m.c.Styles.Empty.Render("no panes")
	}
	return m.panes[m.active].View()
}

// focused is the view whose keys the footer shows.
func (m *Model) focused() common.View {
	switch {
	case !m.loggedIn:
		return m.login
	case m.confirm != nil:
		return m.confirm
	case m.palette.Open():
		return m.palette
	case len(m.panes) == 0:
		return nil
	}
	return m.panes[m.active]
}

// footerView is the status line (the spinner while the operator waits
// for a call, and the flash) and the one-line help of the focused view.
func (m *Model) footerView() string {
	s := m.c.Styles
	var status []string
	if busy := m.busyView(); busy != "" {
		status = append(status, busy)
	}
	if m.flash != "" {
		st := s.Success
		if m.flashErr {
			st = s.Error
		}
		status = append(status, st.Render(m.flash))
	}
	flash := truncate(strings.Join(status, s.Muted.Render("  ·  ")), m.width)
	var bindings []key.Binding
	if v := m.focused(); v != nil {
		bindings = append(bindings, v.ShortHelp()...)
	}
	if m.loggedIn && m.confirm == nil && !m.palette.Open() {
		g := m.c.Keys.Global
		bindings = append(bindings, g.Palette, g.Help, g.Quit)
	}
	return flash + "\n" + m.shortHelp(bindings)
}

// busyView is the spinner and the name of the newest call the operator
// waits for, e.g. "⠋ loading tasks… (esc cancels)". The login screen and
// the palette show their own spinner, so it is shown over the panes only.
func (m *Model) busyView() string {
	op, since := m.c.Calls.Busy()
	if op == "" || !m.loggedIn || m.palette.Open() {
		return ""
	}
	text := op + "…"
	if since >= time.Second {
		text += " " + since.Truncate(time.Second).String()
	}
	return m.spinner.View() + " " + m.c.Styles.Muted.Render(text+" ("+m.c.Keys.Nav.Back.Help().Key+" cancels)")
}

// shortHelp renders as many bindings as fit the width, then an ellipsis.
// (bubbles' help adds an item that overflows when the ellipsis would not
// fit either, so the fitting is done here.)
func (m *Model) shortHelp(bindings []key.Binding) string {
	h := m.help
	h.Width = 0
	var shown []key.Binding
	out := ""
	for i, b := range bindings {
		next := h.ShortHelpView(append(shown, b))
		if lipgloss.Width(next) > m.width-2 && i < len(bindings) {
			return out + " " + m.c.Styles.HelpSep.Render(h.Ellipsis)
		}
		shown, out = append(shown, b), next
	}
	return out
}

// helpView is the full help: the global and agent keys, then the active
// pane's own.
func (m *Model) helpView() string {
	s := m.c.Styles
	k := m.c.Keys
	g := k.Global
	groups := [][]key.Binding{
		{g.Help, g.Palette, g.Quit, g.ForceQuit, k.Nav.Back},
		{g.NextPane, g.PrevPane, g.Pane1, g.Pane2, g.Pane3, g.Pane4, g.Pane5, g.Pane6},
		{k.Agent.Ping, k.Agent.Enable, k.Agent.Disable, k.Agent.Restart, k.Agent.Shutdown, k.Agent.Start},
	}
	var pane [][]key.Binding
	title := ""
	if len(m.panes) > 0 {
		pane = m.panes[m.active].FullHelp()
		title = m.panes[m.active].Title()
	}
	m.help.Width = m.width
	var b strings.Builder
	b.WriteString(s.Title.Render("Keys") + s.Muted.Render("  (? or esc closes)") + "\n\n")
	b.WriteString(s.Muted.Render("everywhere") + "\n")
	b.WriteString(m.help.FullHelpView(groups) + "\n")
	if len(pane) > 0 {
		b.WriteString("\n" + s.Muted.Render(title) + "\n")
		b.WriteString(m.help.FullHelpView(pane) + "\n")
	}
	return b.String()
}

// truncate cuts s (which may hold styles) to w cells.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return lipgloss.NewStyle().MaxWidth(w).Render(s)
}

package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/text/wordwrap"
)

// helpGap separates the columns of the help overlay.
const helpGap = "   "

// openHelp shows the help overlay from its top.
func (m *Model) openHelp() {
	m.showHelp = true
	m.helpTop = 0
	m.buildHelp()
}

// helpKey handles a key while the help overlay is open: ?, q and Esc
// close it, the navigation keys scroll it.
func (m *Model) helpKey(msg tea.KeyMsg) tea.Cmd {
	g, n := m.c.Keys.Global, m.c.Keys.Nav
	page := max(1, m.helpRows()-1)
	switch {
	case key.Matches(msg, g.Help, g.Quit, n.Back):
		m.showHelp = false
	case key.Matches(msg, n.Up):
		m.helpTop--
	case key.Matches(msg, n.Down):
		m.helpTop++
	case key.Matches(msg, n.PageUp):
		m.helpTop -= page
	case key.Matches(msg, n.PageDown):
		m.helpTop += page
	case key.Matches(msg, n.Home):
		m.helpTop = 0
	case key.Matches(msg, n.End):
		m.helpTop = len(m.helpLines)
	}
	m.scrollHelp(0)
	return nil
}

// helpRows is how many lines of help show at once: the body, less the
// scroll hint when the help does not fit.
func (m *Model) helpRows() int {
	if len(m.helpLines) <= m.bodyHeight {
		return m.bodyHeight
	}
	return max(1, m.bodyHeight-1)
}

// buildHelp lays out the full help at the width: the active pane's own
// keys first (what the operator is most likely looking for), then the
// global and agent keys, each group a column, the columns packed into
// rows that fit the width, then the last messages in full (the newest,
// when an error, also first). It runs when
// the overlay opens and on resize, so View only slices.
func (m *Model) buildHelp() {
	s := m.c.Styles
	k := m.c.Keys
	g := k.Global
	w := max(1, m.width)
	var lines []string
	add := func(text string) { lines = append(lines, strings.Split(text, "\n")...) }
	n := m.c.Keys.Nav
	add(s.Title.Render("Keys") + s.Muted.Render(fmt.Sprintf("  (%s or %s closes; %s/%s %s/%s scroll)",
		g.Help.Help().Key, n.Back.Help().Key, n.Up.Help().Key, n.Down.Help().Key, n.PageUp.Help().Key, n.PageDown.Help().Key)))
	if last := len(m.history) - 1; last >= 0 && m.history[last].err {
		// The footer cut a long error short and points here: it comes
		// first, in full.
		add("")
		for _, l := range wordwrap.Lines("last error: "+m.history[last].text, w) {
			add(s.Error.Render(l))
		}
	}
	if len(m.panes) > 0 {
		if pane := m.panes[m.active].FullHelp(); len(pane) > 0 {
			add("")
			add(s.Muted.Render(m.panes[m.active].Title()))
			add(m.helpColumns(pane, w))
		}
	}
	add("")
	add(s.Muted.Render("everywhere"))
	add(m.helpColumns([][]key.Binding{
		m.fleetHelp(g.Help, g.Palette, m.quitHelp(), g.ForceQuit, n.Back),
		{g.NextPane, g.PrevPane, g.Pane1, g.Pane2, g.Pane3, g.Pane4, g.Pane5, g.Pane6},
		{k.Agent.Ping, k.Agent.Enable, k.Agent.Disable, k.Agent.Restart, k.Agent.Shutdown, k.Agent.Start},
	}, w))
	if m.c.Mouse.On() {
		add("")
		for _, l := range wordwrap.Lines(mouseHelp, w) {
			add(s.Muted.Render(l))
		}
	}
	if len(m.history) > 0 {
		add("")
		add(s.Muted.Render("last messages, newest first"))
		for i := len(m.history) - 1; i >= 0 && i >= len(m.history)-historyShown; i-- {
			msg := m.history[i]
			st := s.Success
			if msg.err {
				st = s.Error
			}
			stamp := msg.at.Format("15:04:05")
			if m.c.UTC {
				stamp = msg.at.UTC().Format("15:04:05Z")
			}
			for j, l := range wordwrap.Lines(msg.text, max(1, w-len(stamp)-1)) {
				prefix := strings.Repeat(" ", len(stamp)+1)
				if j == 0 {
					prefix = s.Muted.Render(stamp) + " "
				}
				add(prefix + st.Render(l))
			}
		}
	}
	for i, l := range lines {
		lines[i] = truncate(m.c.Styles.Renderer, l, w)
	}
	m.helpLines = lines
	m.helpTop = max(0, min(m.helpTop, len(lines)-m.helpRows()))
}

// helpColumns renders each group as a column and packs the columns into
// rows no wider than w, so no key is cut off at 80 columns.
func (m *Model) helpColumns(groups [][]key.Binding, w int) string {
	h := m.help
	h.Width = 0
	var rows []string
	var row []string
	used := 0
	for _, grp := range groups {
		col := h.FullHelpView([][]key.Binding{grp})
		if strings.TrimSpace(col) == "" {
			continue
		}
		cw := lipgloss.Width(col)
		if len(row) > 0 && used+len(helpGap)+cw > w {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		if len(row) > 0 {
			row = append(row, helpGap)
			used += len(helpGap)
		}
		row = append(row, col)
		used += cw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}

// helpView shows the window of the help that fits the body, with a hint
// when there is more above or below.
func (m *Model) helpView() string {
	rows := m.helpRows()
	top := max(0, min(m.helpTop, len(m.helpLines)-rows))
	end := min(len(m.helpLines), top+rows)
	out := strings.Join(m.helpLines[top:end], "\n")
	if len(m.helpLines) > m.bodyHeight {
		hint := fmt.Sprintf("lines %d–%d of %d · %s/%s or %s/%s for more", top+1, end, len(m.helpLines),
			m.c.Keys.Nav.Up.Help().Key, m.c.Keys.Nav.Down.Help().Key, m.c.Keys.Nav.PageUp.Help().Key, m.c.Keys.Nav.PageDown.Help().Key)
		out += "\n" + m.c.Styles.Muted.Render(truncate(m.c.Styles.Renderer, hint, m.width))
	}
	return out
}

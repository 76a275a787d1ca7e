package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/widgets/mouse"
)

// minBody is the smallest body a pane is given; a smaller terminal cuts
// the view rather than handing a pane a negative size.
const minBody = 1

// The largest window a frame is drawn for. A frame fills its window, so
// its cost grows with the size, and an SSH client may ask any (a uint32
// each way): one asking for 30000x30000 would have every frame take a
// GB. No terminal is larger than this; a bigger window shows the frame
// in its top left corner.
const maxWidth, maxHeight = 1000, 500

// clampSize bounds a window's size to what a frame is drawn for.
func clampSize(width, height int) (int, int) {
	return min(max(width, 0), maxWidth), min(max(height, 0), maxHeight)
}

// layout measures the header and footer and sizes every view to the rest.
func (m *Model) layout() {
	if !m.ready {
		return
	}
	m.chrome = m.chromeHeight()
	m.bodyHeight = max(minBody, m.height-m.chrome)
	m.help.Width = m.width
	if m.showHelp {
		m.buildHelp()
	}
	if m.width == m.sizedW && m.bodyHeight == m.sizedH {
		return // the views already have this size
	}
	m.sizedW, m.sizedH = m.width, m.bodyHeight
	for _, p := range m.panes {
		p.SetSize(m.width, m.bodyHeight)
	}
	m.login.SetSize(m.width, m.bodyHeight)
	m.palette.SetSize(m.width, m.bodyHeight)
	if m.confirm != nil {
		m.confirm.SetSize(m.width, m.bodyHeight)
	}
	if m.editor != nil {
		m.editor.m.SetSize(m.width, m.bodyHeight)
	}
}

// chromeHeight measures the header and the footer as they render now.
func (m *Model) chromeHeight() int {
	return lipgloss.Height(m.headerView()) + lipgloss.Height(m.footerView())
}

// relayout sizes the views again when the header or the footer changed
// height (a long message wraps over more lines, the tabs appear).
func (m *Model) relayout() {
	if m.ready && m.chromeHeight() != m.chrome {
		m.layout()
	}
}

// View joins header, body and footer; it renders nothing until the
// terminal's size is known, and does no I/O.
func (m *Model) View() string {
	// Whatever a view forgot to sanitise, the terminal gets only our
	// own styling (sanitize.Frame). The mouse's zones are found first:
	// Scan takes their markers out, which the filter would otherwise
	// drop without recording where they were.
	return Finish(m.c.Mouse, m.rawView())
}

// Finish is what every root does last to a frame: the mouse's zones are
// found and their markers taken out, then only our own styling passes
// (sanitize.Frame), whatever a view forgot to sanitise.
func Finish(z *mouse.Zones, frame string) string { return sanitize.Frame(z.Scan(frame)) }

// rawView is the frame as the views drew it, before the last filter.
func (m *Model) rawView() string {
	if !m.ready {
		return ""
	}
	body := fitWidth(m.bodyView(), m.width)
	body = m.c.Styles.Renderer.NewStyle().MaxHeight(m.bodyHeight).Render(body)
	if gap := m.bodyHeight - lipgloss.Height(body); gap > 0 {
		body += strings.Repeat("\n", gap)
	}
	return lipgloss.JoinVertical(lipgloss.Left, m.headerView(), body, m.footerView())
}

func (m *Model) headerView() string {
	info := m.info
	if !m.loggedIn {
		info.user = "" // no one is logged in: the user of the ended session would mislead
	}
	h := m.header.view(m.c, info, m.width)
	if !m.loggedIn {
		return h
	}
	return h + "\n" + m.tabsView()
}

// tabsView names the panes with their number keys, and the pane Esc
// returns to. When that does not fit the width, the hint is shortened
// first, then the long titles, so no tab is cut off.
func (m *Model) tabsView() string {
	back := ""
	if len(m.stack) > 0 {
		back = m.panes[m.stack[len(m.stack)-1]].Title()
	}
	hint := func(long bool, title string) string {
		switch {
		case back == "":
			return ""
		case long:
			return "  (esc: back to " + title + ")"
		case title == "":
			return "  (esc: back)"
		}
		return "  (esc: " + title + ")"
	}
	// Short forms ("Configs") come before any title is cut: a cut title
	// ("Config…") reads as broken.
	forms := []struct {
		titleMax int // 0: titles in full, -1: their short forms
		long     bool
		back     string
		noHint   bool
	}{
		{0, true, back, false},
		{0, false, back, false},
		{-1, true, shortTitle(back), false},
		{-1, false, shortTitle(back), false},
		{-1, false, "", false},
		{-1, false, "", true}, // the titles matter more than the hint
		{tabTitleMax, false, "", true},
	}
	var line string
	for _, f := range forms {
		line = m.tabs(f.titleMax)
		if !f.noHint {
			line += m.c.Styles.Muted.Render(hint(f.long, f.back))
		}
		if lipgloss.Width(line) <= m.width {
			break
		}
	}
	return truncate(m.c.Styles.Renderer, line, m.width)
}

// tabTitleMax is how long a tab title may be when the tabs are short of
// room ("Configurations" becomes "Config…").
const tabTitleMax = 7

// shortTitles are the tab titles' short forms, for a tab line with a
// breadcrumb at 80 columns.
var shortTitles = map[string]string{"Configurations": "Configs", "Templates": "Tmpl"}

// shortTitle is title's short form, or title when it has none.
func shortTitle(title string) string {
	if s, ok := shortTitles[title]; ok {
		return s
	}
	return title
}

// tabs renders the tab line, each title in its short form when titleMax
// is -1, or cut to titleMax cells when it is above 0.
func (m *Model) tabs(titleMax int) string {
	s := m.c.Styles
	g := m.c.Keys.Global
	keys := []key.Binding{g.Pane1, g.Pane2, g.Pane3, g.Pane4, g.Pane5, g.Pane6}
	tabs := make([]string, 0, len(m.panes))
	for i, p := range m.panes {
		label := p.Title()
		switch {
		case titleMax < 0:
			label = shortTitle(label)
		case titleMax > 0:
			label = clip(label, titleMax)
		}
		if i < len(keys) && keys[i].Enabled() {
			label = keys[i].Help().Key + " " + label
		}
		if i == m.active {
			if s.Plain {
				label = "[" + label + "]"
			}
			tabs = append(tabs, m.c.Mouse.Mark(m.tabZone(i), s.TabActive.Render(label)))
		} else {
			if s.Plain {
				label = " " + label + " "
			}
			tabs = append(tabs, m.c.Mouse.Mark(m.tabZone(i), s.TabInactive.Render(label)))
		}
	}
	return strings.Join(tabs, s.TabGap.Render(""))
}

func (m *Model) bodyView() string {
	switch {
	case !m.loggedIn:
		return m.login.View()
	case m.confirm != nil:
		return m.confirm.View()
	case m.editor != nil:
		return m.editor.m.View()
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
	case m.editor != nil:
		return m.editor.m
	case m.palette.Open():
		return m.palette
	case len(m.panes) == 0:
		return nil
	}
	return m.panes[m.active]
}

// truncate cuts s (which may hold styles) to w cells. It takes the
// session's renderer: lipgloss's default one belongs to the process.
func truncate(r *lipgloss.Renderer, s string, w int) string {
	if w <= 0 {
		return ""
	}
	return r.NewStyle().MaxWidth(w).Render(s)
}

// fitWidth cuts every line wider than width with an ellipsis, so a long
// name says it was cut instead of the terminal dropping its end unseen.
func fitWidth(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	cut := false
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i], cut = ansi.Truncate(l, width, "…"), true
		}
	}
	if !cut {
		return s
	}
	return strings.Join(lines, "\n")
}

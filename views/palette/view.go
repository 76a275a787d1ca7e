package palette

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// View renders the current step; it only lays out what Update prepared.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	title := s.Title.Render("Functions")
	if m.mode != modeList && m.fn.Name != "" {
		title += s.Muted.Render(" › ") + s.Title.Render(m.fn.Name)
	}
	b.WriteString(title + "\n")
	switch m.mode {
	case modeList:
		b.WriteString(m.filter.View() + "\n")
		b.WriteString(m.listView() + "\n")
	case modeArgs:
		b.WriteString(s.Muted.Render(m.fn.Summary) + "\n\n")
		for _, v := range m.values {
			text := sanitize.SanitizeLine(clipText(v.text, max(10, m.width-30)))
			if v.spec.Secret {
				// A login answer, typed without echo: never shown, as
				// describeArgs words it.
				text = "(hidden)"
			}
			b.WriteString(s.Muted.Render(v.spec.Name+" = ") + s.Text.Render(text) + "\n")
		}
		for _, l := range common.Wrap(m.argPrompt(), m.width, common.ReasonLines) {
			b.WriteString(s.InputLabel.Render(l) + "\n")
		}
		b.WriteString(m.input.View() + "\n")
		for _, l := range wrapText(m.namesHint(), m.width) {
			b.WriteString(s.Muted.Render(l) + "\n")
		}
		if m.check != 0 {
			b.WriteString(s.Muted.Render("checking the file…") + "\n")
		}
	case modeReady:
		b.WriteString(s.Muted.Render(m.fn.Summary) + "\n")
		b.WriteString(s.Text.Render(describeArgs(m.values)) + "\n")
		run := "enter runs it"
		if m.fn.Destructive {
			run += " (asks to confirm)"
		}
		b.WriteString(s.Muted.Render(run+" · esc goes back") + "\n")
	case modeRunning:
		b.WriteString(m.spinner.View() + " " + s.Muted.Render("running "+m.fn.Name+"… (esc cancels)") + "\n")
	case modeResult, modeSave:
		if m.mode == modeResult && m.help {
			b.WriteString(m.helpView())
			break
		}
		b.WriteString(s.Muted.Render(clipText(m.res.args, max(10, m.width))) + "\n")
		b.WriteString(m.out.View() + "\n")
		if m.mode == modeSave {
			b.WriteString(m.save.View() + "\n")
		}
		if m.canEditArgs() {
			b.WriteString(s.Muted.Render(m.keys.Edit.Help().Key+" edits the arguments (kept) to run it again") + "\n")
		}
	}
	for _, l := range m.messageLines() {
		b.WriteString(l + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// helpView lists the result view's keys, one a line, for ? (the
// palette takes every key, so the console's own help cannot open here).
func (m *Model) helpView() string {
	s := m.c.Styles
	keys := m.resultKeys()
	w := 0
	for _, k := range keys {
		w = max(w, lipgloss.Width(k.Help().Key))
	}
	var b strings.Builder
	b.WriteString(s.Muted.Render("keys of the result view") + "\n\n")
	for _, k := range keys {
		h := k.Help()
		b.WriteString(clipText(fmt.Sprintf("  %-*s  %s", w, h.Key, h.Desc), max(10, m.width)) + "\n")
	}
	g := m.c.Keys.Global.Help.Help().Key
	b.WriteString("\n" + s.Muted.Render(clipText(g+" or "+m.keys.Back.Help().Key+" closes this list", max(10, m.width))) + "\n")
	return b.String()
}

// messageLines are the refusal and the note, each wrapped on lines of
// its own so neither is cut at the edge or glued to another line.
func (m *Model) messageLines() []string {
	s := m.c.Styles
	var out []string
	for _, l := range wrapText(m.errText, m.width) {
		out = append(out, s.Error.Render(l))
	}
	for _, l := range wrapText(m.note, m.width) {
		out = append(out, s.Success.Render(l))
	}
	return out
}

func wrapText(text string, width int) []string {
	if text == "" {
		return nil
	}
	return common.Wrap(sanitize.Sanitize(text), max(10, width), common.ReasonLines)
}

// listRows is how many rows of the list fit under the filter, beside
// the hint, the messages and the footer.
func (m *Model) listRows() int {
	rows := max(1, m.height-4-len(m.messageLines()))
	return max(1, rows-len(wrapText(m.commandHint(), m.width)))
}

// listStart is the first of n rows to show, rows at a time, so the
// cursor is in view: the view moves only when the cursor leaves it,
// never to centre it, so a click selects the row under the pointer and
// the next click there finds the same row.
func listStart(off, cursor, rows, n int) int {
	switch {
	case cursor < off:
		off = cursor
	case cursor >= off+rows:
		off = cursor - rows + 1
	}
	return min(max(off, 0), max(n-rows, 0))
}

// listView shows the matching commands, then the matching functions,
// from the row kept in view, each with its summary and whether it
// changes the host.
func (m *Model) listView() string {
	s := m.c.Styles
	if m.entries() == 0 {
		return s.Empty.Render("no command or function matches \"" + sanitize.SanitizeLine(m.filter.Value()) + "\"")
	}
	hint := wrapText(m.commandHint(), m.width)
	start := m.listFirst()
	end := min(m.entries(), start+m.listRows())
	nameW := 20
	var b, list strings.Builder
	for i := start; i < end; i++ {
		mark := "  "
		if i == m.cursor {
			mark = "> "
		}
		var line string
		mutates := false
		if i < len(m.cmds) {
			c := commands[m.cmds[i]]
			line = fmt.Sprintf("%s%-*s %s %s", mark, nameW, ":"+strings.TrimSpace(c.Name+" "+c.Args), "go to ", c.Summary)
		} else {
			f := m.all[m.matches[i-len(m.cmds)]]
			tag := "      "
			switch {
			case f.Destructive:
				tag = "danger"
			case f.Mutates:
				tag = "writes"
			}
			mutates = f.Mutates
			line = fmt.Sprintf("%s%-*s %s %s", mark, nameW, f.Name, tag, f.Summary)
		}
		line = clipText(line, max(10, m.width))
		switch {
		case i == m.cursor:
			line = s.TableSelected.Render(line)
		case mutates:
			line = s.Warning.Render(line)
		default:
			line = s.Text.Render(line)
		}
		if i > start {
			list.WriteString("\n")
		}
		list.WriteString(line)
	}
	// One zone for the rows: a click's line names the row (mouse.go).
	b.WriteString(m.c.Mouse.Mark(m.listZone(), list.String()) + "\n")
	for _, l := range hint {
		b.WriteString(s.Muted.Render(l) + "\n")
	}
	foot := fmt.Sprintf("%s · %d of %d functions · writes = changes the host · danger = asks first",
		common.Count(len(m.cmds), "command"), len(m.matches), len(m.all))
	if m.filterKept {
		foot = fmt.Sprintf("%d of %d functions · typing replaces the filter, ←/→ edit it", len(m.matches), len(m.all))
	}
	b.WriteString(s.Muted.Render(clipText(foot, max(10, m.width))))
	return b.String()
}

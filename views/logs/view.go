package logs

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/keymap"
	"dpconsole/text/bytesize"
)

// View renders the title line and the log view.
func (m *Model) View() string {
	s := m.c.Styles
	title := s.Title.Render(strings.ToUpper(m.target.String()[:1]) + m.target.String()[1:])
	switch {
	case m.poll.Cancelled():
		words := "cancelled: polling paused — press r to resume"
		if lipgloss.Width(title)+2+len(words) > m.width {
			words = "cancelled — r resumes" // the key stays in sight
		}
		title += "  " + s.Warning.Render(words)
	case m.hung > 0 && m.arriving():
		stalled := fmt.Sprintf("stalled: nothing new for %s", m.hung.Truncate(time.Second))
		title += "  " + s.Warning.Render(stalled) + m.progressText(m.width-lipgloss.Width(title)-2-len(stalled))
	case m.hung > 0 && m.loaded:
		title += "  " + s.StatusBad.Render(fmt.Sprintf("last known — no answer for %s", m.hung.Truncate(time.Second)))
	case m.hung > 0:
		title += "  " + s.StatusBad.Render(fmt.Sprintf("no answer for %s", m.hung.Truncate(time.Second)))
	case !m.loaded && m.lastErr == nil:
		title += s.Muted.Render("  loading…") + m.progressText(m.width-lipgloss.Width(title)-len("  loading…"))
	case m.offline:
		title += "  " + s.StatusBad.Render("agent offline")
	case m.hostDown && m.view.Len() > 0:
		title += "  " + s.StatusBad.Render("last known — host not answering; retrying")
	case m.hostDown:
		title += "  " + s.StatusBad.Render("host not answering; retrying")
	case m.tooLarge():
		title += "  " + s.Error.Render("too large to read")
	case m.lastErr != nil:
		title += "  " + s.Error.Render("refresh failed")
	case m.every > m.base() || m.size >= 1<<20:
		// A big log is polled less often: say how often, and what it costs.
		title += s.Muted.Render(fmt.Sprintf("  every %s · log %s", m.interval(), bytesize.Format(m.size)))
	}
	out := title + "\n" + m.view.View()
	if m.prompt.Active() {
		out += "\n" + m.prompt.View()
	}
	return out
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	if m.prompt.Active() {
		return m.prompt.Help()
	}
	return append(m.view.ShortHelp(), m.c.Keys.Log.Save, m.agentKey)
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	return append(m.view.FullHelp(), []key.Binding{m.c.Keys.Global.Refresh, m.agentKey,
		keymap.Relabel(m.c.Keys.Table.Copy, "copy the match (or the line on top, the newest when following)")})
}

// CaptureHelp lists the keys of the save prompt (y/N before overwriting
// a file) or of the search being typed, for the footer.
func (m *Model) CaptureHelp() []key.Binding {
	if m.prompt.Active() {
		return m.prompt.Help()
	}
	return m.view.ShortHelp()
}

// progressText words a first load's progress in at most room cells: the
// answer's bytes received, and a bar of the total when the host said it
// (a compressed answer does not). On a narrow terminal the bar goes
// first, then the words, down to "esc cancels".
func (m *Model) progressText(room int) string {
	p := m.loading
	if p == nil || p.read == 0 {
		return ""
	}
	muted := m.c.Styles.Muted
	// The answer is the log in base64: three bytes of log in four, so the
	// amounts are the log's, as the title says once it is loaded.
	read := bytesize.Format(p.read * 3 / 4)
	forms := []string{" " + read + " received (esc cancels)", " " + read + " (esc cancels)"}
	if p.total > 0 {
		done := min(1, float64(p.read)/float64(p.total))
		of := fmt.Sprintf(" %s of %s", read, bytesize.Format(p.total*3/4))
		words := of + " received (esc cancels)"
		if bar := m.bar; room-len(words)-1 >= 6 { // a copy, sized for this title
			bar.Width = min(16, room-len(words)-1)
			return " " + bar.ViewAs(done) + muted.Render(words)
		}
		forms = []string{words, of + " (esc cancels)", fmt.Sprintf(" %d%% (esc cancels)", int(done*100))}
	}
	for _, f := range forms {
		if len(f) <= room {
			return muted.Render(f)
		}
	}
	return muted.Render(" (esc cancels)")
}

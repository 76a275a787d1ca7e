package login

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/text/sanitize"
	"dpconsole/text/wordwrap"
)

// View renders the login form centred in its space.
func (m *Model) View() string {
	s := m.c.Styles
	var lines []string
	line := func(parts ...string) { lines = append(lines, strings.Join(parts, "")) }
	line(s.Title.Render("Log in to the Data Protector gateway"))
	line(s.Muted.Render("gateway  "), s.Text.Render(sanitize.SanitizeLine(m.opts.Gateway)))
	if m.opts.Demo {
		line(s.Muted.Render("demo     "), s.Text.Render("operator / demo   ·   admin / demo + one-time code 424242"))
	}
	if m.opts.Notice != "" {
		m.wrapped(&lines, s.Muted, m.opts.Notice)
	}
	line()
	if m.reason != "" {
		m.wrapped(&lines, s.Warning, m.reason)
		line()
	}
	head := len(lines) // the part every round shows alike
	// The focused field's prompt starts at line from, its input is line
	// at: what a form taller than the screen keeps in view.
	from, at := -1, -1
	line(s.InputLabel.Render("User"))
	if m.state == stateUser {
		from, at = len(lines)-1, len(lines)
		line(m.user.View())
	} else {
		line(s.Muted.Render("  " + m.User()))
	}
	for _, p := range m.done {
		line()
		line(s.InputLabel.Render(sanitize.SanitizeLine(p)), s.Muted.Render("  answered"))
	}
	for i, p := range m.prompts {
		line()
		start := len(lines)
		m.wrapped(&lines, s.InputLabel, p.Text)
		if m.state == stateAnswer && i == m.focus {
			from, at = start, len(lines)
		}
		line(m.inputs[i].View())
	}
	line()
	switch m.state {
	case stateWaiting:
		line(m.spinner.View(), " ", s.Muted.Render("waiting for the host… (esc cancels)"))
	case stateFailed:
		m.wrapped(&lines, s.Error, m.errText)
	case stateAnswer:
		hint := "enter submits · " + m.keys.Reveal.Help().Key + " reveals · esc changes the user"
		if m.reveal {
			hint = "enter submits · " + m.keys.Reveal.Help().Key + " hides · esc changes the user"
		}
		line(s.Muted.Render(hint))
	default:
		if m.errText != "" {
			m.wrapped(&lines, s.Warning, m.errText)
		} else {
			hint := "enter continues"
			if m.opts.Fleet {
				hint += " · " + m.keys.Cancel.Help().Key + " goes back to the fleet"
			}
			line(s.Muted.Render(hint))
		}
	}
	if m.width == 0 || m.height == 0 {
		return lipgloss.JoinVertical(lipgloss.Left, lines...)
	}
	if at < 0 {
		// Waiting or refused: what the host said last is at the end.
		from, at = len(lines)-1, len(lines)-1
	}
	lines = m.scrolled(lines, from, at)
	form := lipgloss.JoinVertical(lipgloss.Left, lines...)
	// The form's top stays put from round to round (the user, then a
	// password, then a code): it is centred as if the rounds took
	// formReserve lines, and moves up only when a round would not fit.
	top := max(0, (m.height-head-formReserve)/2)
	top = min(top, max(0, m.height-lipgloss.Height(form)))
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Top, strings.Repeat("\n", top)+form)
}

// scrolled cuts a form taller than the screen to the lines around the
// focused field (its prompt, its input and the hint under it, or the
// prompt's last lines when even that does not fit), saying how many lines
// are out of view above and below: a long banner or many prompts must
// not leave the operator typing into a field off the screen. The keys
// that move between fields are named only where they would move: above
// the user name or a round's first prompt are the title and the answered
// rounds, which no key brings back.
func (m *Model) scrolled(lines []string, from, at int) []string {
	n, rows := len(lines), m.height
	if n <= rows || rows < 3 {
		return lines
	}
	start := formWindow(n, rows, from, at)
	if start > 0 {
		rows-- // the line saying what is above
		start = formWindow(n, rows, from, at)
	}
	if start+rows < n {
		rows-- // the line saying what is below
		start = formWindow(n, rows, from, at)
	}
	out := make([]string, 0, m.height)
	if start > 0 {
		above := fmt.Sprintf("↑ %d more lines", start)
		if m.state == stateAnswer && m.focus > 0 {
			above += fmt.Sprintf(" (%s: earlier fields)", m.keys.Prev.Help().Key)
		}
		out = append(out, m.c.Styles.Muted.Render(above))
	}
	out = append(out, lines[start:start+rows]...)
	if below := n - start - rows; below > 0 {
		more := fmt.Sprintf("↓ %d more lines", below)
		if m.state == stateAnswer && m.focus < len(m.inputs)-1 {
			more += fmt.Sprintf(" (%s: next field)", m.keys.Next.Help().Key)
		}
		out = append(out, m.c.Styles.Muted.Render(more))
	}
	return out
}

// formWindow is the first of rows lines shown of n, so that line at (the
// focused input) shows: with the two lines after it (the hint) and the
// prompt from line from when they fit, the prompt before the hint.
func formWindow(n, rows, from, at int) int {
	end := min(n, at+3)
	start := max(0, end-rows)
	if start > from {
		start = max(from, at+1-rows)
	}
	return min(start, max(0, n-rows))
}

// formReserve is the lines a login's rounds are centred for: the user and
// a password prompt with their hint.
const formReserve = 7

// wrapped adds text in st, broken at spaces to the text width: a flag
// such as "--gateway URL" and a URL stay whole where they fit.
func (m *Model) wrapped(lines *[]string, st lipgloss.Style, text string) {
	// Prompts, denials and notices quote the host: shown, never obeyed.
	for _, l := range wordwrap.Lines(sanitize.SanitizeLine(text), m.textWidth()) {
		*lines = append(*lines, st.Render(l))
	}
}

// textWidth is the width long messages wrap at.
func (m *Model) textWidth() int {
	if m.width <= 0 {
		return 72
	}
	return max(20, min(72, m.width-4))
}

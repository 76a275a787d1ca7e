package taskdetail

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/schedule"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// Drawing the task: the facts above its definition and its strip.

// facts are the lines above the definition.
func (m *Model) facts() []string {
	g := m.got
	if g == nil || g.err != nil || g.def == nil {
		return nil
	}
	s := m.c.Styles
	t := g.def
	label := func(l string) string { return s.Muted.Render(fmt.Sprintf("%-9s", l)) }
	clip := func(l string) string { return ansi.Truncate(l, max(1, m.width), "…") }
	lines := []string{clip(label("schedule") + sanitize.SanitizeLine(schedule.Words(t.Schedule)+m.next(t, g.status)))}
	for _, r := range []struct{ what, name, where string }{{"ID", t.ID, g.id}, {"script", t.Script, g.script}} {
		switch {
		case r.name == "":
			lines = append(lines, clip(label(r.what)+s.Muted.Render("none")))
		case r.where == Missing:
			lines = append(lines, clip(label(r.what)+sanitize.SanitizeLine(r.name)+" "+s.StatusBad.Render(r.where)))
		default:
			lines = append(lines, clip(label(r.what)+sanitize.SanitizeLine(r.name)+" "+s.Muted.Render(r.where)))
		}
	}
	st := g.status
	runs := fmt.Sprintf("%s, %d failed · status %s", common.Count(st.ExecCount, "run"), st.ErrorCount, st.Status)
	if g.statErr != nil {
		runs = "status unreadable: " + g.statErr.Error()
	}
	lines = append(lines, clip(label("runs")+sanitize.SanitizeLine(runs)))
	if st.Error != "" {
		lines = append(lines, clip(label("last err")+s.Error.Render(sanitize.SanitizeLine(st.Error))))
	}
	recent := m.strip(max(1, m.width-9))
	if g.runsErr != nil {
		recent = clip(recent + s.Error.Render(sanitize.SanitizeLine(" log unreadable: "+g.runsErr.Error())))
	}
	lines = append(lines, label("recent")+recent)
	return lines
}

// next words the next run, or why there is none: a disabled task, a
// configuration that is not the active one or an agent that runs nothing
// (SetHost), a paused task. The time is in the console's zone (UTC with a
// Z under --utc, else local), a cron's too: the schedule's words say
// that a cron is read in UTC.
func (m *Model) next(t *hostdoc.Task, st gateway.TaskStatus) string {
	now := m.c.Now()
	if why := schedule.Unscheduled(m.config, m.active, m.agent); why != "" && t.Enabled {
		return " · " + why
	}
	n, why := schedule.Next(t.Schedule, t.Enabled, st, now)
	switch {
	case why != "":
		return " · " + why
	case n.IsZero():
		return ""
	}
	return fmt.Sprintf(" · next %s (%s)", m.clock(n), schedule.Countdown(n, now))
}

// clock words t as every time of the console is: UTC with a Z under
// --utc, else local.
func (m *Model) clock(t time.Time) string {
	if m.c.UTC {
		return t.UTC().Format("Jan 02 15:04:05") + "Z"
	}
	return t.Local().Format("Jan 02 15:04:05")
}

// strip draws the recent outcomes, newest right, in at most width cells.
func (m *Model) strip(width int) string {
	s := m.c.Styles
	all := m.got.runs.Outcomes()
	if len(all) == 0 {
		if !m.got.runs.Read() {
			if m.got.runsErr == nil {
				return s.Muted.Render("reading the log…")
			}
			return ""
		}
		return s.Muted.Render("no execution in the log yet")
	}
	// The summary keeps its room: the strip is shortened to leave it, and
	// only a strip too narrow for both goes without it.
	n := min(len(all), width)
	if room := width - len(summary(n, n, n, n)); room >= min(n, minStrip) {
		n = min(n, room)
	}
	o := all[len(all)-n:]
	var b strings.Builder
	ok, bad, cut := 0, 0, 0
	for _, x := range o {
		switch x {
		case Succeeded:
			ok++
		case Failed:
			bad++
		default:
			cut++
		}
		b.WriteString(OutcomeStyle(s, x).Render(Glyph(x, s.Plain)))
	}
	if sum := summary(ok, bad, cut, len(o)); len(o)+len(sum) <= width {
		b.WriteString(s.Muted.Render(sum))
	}
	return b.String()
}

// summary counts what the strip shows; interrupted runs (!) only when
// there are any.
func summary(ok, bad, cut, n int) string {
	if cut > 0 {
		return fmt.Sprintf(" %d ok, %d failed, %d interrupted of the last %d", ok, bad, cut, n)
	}
	return fmt.Sprintf(" %d ok, %d failed of the last %d", ok, bad, n)
}

// View renders the detail.
func (m *Model) View() string {
	s := m.c.Styles
	title := s.Title.Render("Task "+sanitize.SanitizeLine(m.task)) + s.Muted.Render(" of "+sanitize.SanitizeLine(m.config))
	if m.hung > 0 {
		// Stopped, not refusing: the facts are the last answer's.
		title += "  " + s.StatusBad.Render(fmt.Sprintf("last known — no answer for %s", m.hung.Truncate(time.Second)))
	}
	switch g := m.got; {
	case g == nil:
		return title + "\n" + s.Empty.Render("reading the task…")
	case g.err != nil:
		lines := common.Wrap(sanitize.Sanitize("cannot read the task: "+g.err.Error()), m.width, common.ReasonLines)
		return title + "\n" + s.Error.Render(strings.Join(lines, "\n"))
	}
	return title + "\n" + strings.Join(m.lines, "\n") + "\n" + m.doc.View()
}

// minStrip is the fewest marks the strip keeps beside its summary; a
// narrower one shows only marks.
const minStrip = 10

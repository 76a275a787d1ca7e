package taskdetail

import (
	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/theme"
)

// Outcome is one execution as the task's log tells it.
type Outcome int

// The outcomes the strip shows.
const (
	Succeeded   Outcome = iota // "Execution N finished"
	Failed                     // "Execution N failed"
	Interrupted                // "Execution N interrupted"
)

// Outcomes reads the executions' ends from a task's log, oldest first.
func Outcomes(entries []hostdoc.Entry) []Outcome {
	var out []Outcome
	for _, e := range entries {
		if o, ok := outcomeOf(e); ok {
			out = append(out, o)
		}
	}
	return out
}

func outcomeOf(e hostdoc.Entry) (Outcome, bool) {
	if !strings.HasPrefix(e.Text, "Execution ") {
		return 0, false
	}
	switch {
	case strings.Contains(e.Text, " finished"):
		return Succeeded, true
	case strings.Contains(e.Text, " failed"):
		return Failed, true
	case strings.Contains(e.Text, " interrupted"):
		return Interrupted, true
	}
	return 0, false
}

// KeepRuns is how many of the latest executions Runs holds: more than the
// widest strip shows.
const KeepRuns = 256

// Runs is what a console holds of a task's executions between reads of
// its log: the latest outcomes and a logtail.Tail, so a read parses only
// what the log gained (a log is only ever appended to, or reset). It is a
// value: a command reads a copy and hands it back to Update.
type Runs struct {
	tail logtail.Tail
	list []run // the latest KeepRuns, oldest first
	read bool
}

// run is one outcome and the log entry (counted from 1) it came from.
type run struct {
	entry   int
	outcome Outcome
}

// Bytes returns the size of the log at the last read.
func (r Runs) Bytes() int64 {
	_, n := r.tail.Held()
	return n
}

// Read reports whether the log was read at least once.
func (r Runs) Read() bool { return r.read }

// Outcomes returns the latest executions, oldest first.
func (r Runs) Outcomes() []Outcome {
	out := make([]Outcome, len(r.list))
	for i, x := range r.list {
		out[i] = x.outcome
	}
	return out
}

// Fetch reads the task's log again, streamed within the client's log size
// limit (docs/protocol.md §11), and returns r with the executions it
// gained; r itself is not changed. Entries are not kept, so a long log
// costs the read, not memory.
func (r Runs) Fetch(ctx context.Context, cl *gateway.Client, config, task string) (Runs, error) {
	var fresh []run
	n := 0
	t := r.tail
	up, err := t.Fetch(ctx, cl, logtail.Target{Config: config, Task: task}, func(e hostdoc.Entry) error {
		n++
		if o, ok := outcomeOf(e); ok {
			fresh = append(fresh, run{entry: n, outcome: o})
			if len(fresh) >= 2*KeepRuns {
				fresh = append(fresh[:0], fresh[len(fresh)-KeepRuns:]...)
			}
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	out := Runs{tail: t, read: true}
	for _, x := range r.list {
		if x.entry <= up.Kept { // still in the log: a reset drops the rest
			out.list = append(out.list, x)
		}
	}
	for _, x := range fresh {
		out.list = append(out.list, run{entry: up.Kept + x.entry, outcome: x.outcome})
	}
	if len(out.list) > KeepRuns {
		out.list = out.list[len(out.list)-KeepRuns:]
	}
	return out, nil
}

// TooLarge reports an error that means the log is over the size limit:
// reading it again gives the same answer until it is reset.
func TooLarge(err error) bool { return errors.Is(err, gateway.ErrTooLarge) }

// Glyph is an outcome's mark: ✓ ✗ !, or + x ! on a plain terminal (no
// colour, so the marks are kept to ASCII as the spinner is).
func Glyph(o Outcome, plain bool) string {
	marks := [...]string{"✓", "✗", "!"}
	if plain {
		marks = [...]string{"+", "x", "!"}
	}
	if o < 0 || int(o) >= len(marks) {
		return "?"
	}
	return marks[o]
}

// OutcomeStyle is how an outcome's mark is drawn, in the detail's strip
// and the tasks table's.
func OutcomeStyle(s *theme.Styles, o Outcome) lipgloss.Style {
	switch o {
	case Succeeded:
		return s.StatusGood
	case Failed:
		return s.StatusBad
	}
	return s.StatusWarn
}

// OutcomeMarks maps each outcome's mark to its style, for a table that
// paints them after it is drawn.
func OutcomeMarks(s *theme.Styles) map[rune]lipgloss.Style {
	out := map[rune]lipgloss.Style{}
	for _, o := range []Outcome{Succeeded, Failed, Interrupted} {
		out[[]rune(Glyph(o, s.Plain))[0]] = OutcomeStyle(s, o)
	}
	return out
}

// Narrow is the last n outcomes as unstyled marks, newest right: a
// table's cell.
func Narrow(o []Outcome, n int, plain bool) string {
	var b strings.Builder
	for _, x := range o[max(0, len(o)-n):] {
		b.WriteString(Glyph(x, plain))
	}
	return b.String()
}

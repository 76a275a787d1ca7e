package logs

import (
	"time"

	"dpconsole/gateway/hostdoc"
	"dpconsole/widgets/logview"
)

// tailKeep is how many of the last entries already shown identify where
// the host's log continues; one is ambiguous when entries repeat within a
// second.
const tailKeep = 3

// known is what the pane already shows of a log, copied into the fetch
// command so the comparison runs off the UI goroutine.
type known struct {
	count   int
	started time.Time       // AgentLog only: which agent start
	tail    []hostdoc.Entry // the last entries shown, oldest first
}

// delta is how the host's log relates to what is shown.
type delta struct {
	reset   bool // the log was reset, shrank or restarted: replace it all
	entries []hostdoc.Entry
}

// diff finds the shown tail in the host's entries and returns what
// follows it. The host may drop old entries from the front (it keeps a
// bounded log), so the tail is searched for from the end rather than
// expected at the old count.
func diff(k known, info hostdoc.LogInfo, got []hostdoc.Entry) delta {
	if k.count == 0 {
		return delta{entries: got}
	}
	if info.Kind == "AgentLog" && !info.Started.Equal(k.started) {
		return delta{reset: true, entries: got}
	}
	n := len(k.tail)
	for end := len(got); end >= n; end-- {
		if sameEntries(got[end-n:end], k.tail) {
			return delta{entries: got[end:]}
		}
	}
	return delta{reset: true, entries: got}
}

func sameEntries(a, b []hostdoc.Entry) bool {
	for i := range a {
		if !a[i].Time.Equal(b[i].Time) || a[i].Level != b[i].Level || a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

// tailOf returns the last tailKeep entries of shown (with what came
// before them), as a fresh slice the model owns.
func tailOf(prev []hostdoc.Entry, added []hostdoc.Entry) []hostdoc.Entry {
	all := append(append([]hostdoc.Entry(nil), prev...), added...)
	if len(all) > tailKeep {
		all = all[len(all)-tailKeep:]
	}
	return all
}

// toView converts host entries for the log view.
func toView(es []hostdoc.Entry) []logview.Entry {
	out := make([]logview.Entry, len(es))
	for i, e := range es {
		out[i] = logview.Entry{Time: e.Time, Level: e.Level, Text: e.Text}
	}
	return out
}

// interval backs polling off as the log grows: every poll fetches and
// parses the whole document, so a long log is polled less often, up to
// maxBackoff times the base interval.
func interval(base time.Duration, entries int) time.Duration {
	const perStep, maxBackoff = 2000, 5
	return base * time.Duration(min(1+entries/perStep, maxBackoff))
}

package logs

import (
	"dpconsole/gateway/hostdoc"
	"dpconsole/widgets/logview"
)

// tailKeep is how many of the last entries shown identify where the
// host's log continues; one is ambiguous when entries repeat within a
// second.
const tailKeep = 3

// contains reports whether the entries of tail stand in es in a row.
func contains(es, tail []hostdoc.Entry) bool {
	n := len(tail)
	for end := len(es); end >= n; end-- {
		if sameEntries(es[end-n:end], tail) {
			return true
		}
	}
	return false
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

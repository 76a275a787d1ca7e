package logview

import (
	"strings"
	"time"
)

// Current returns the line the operator is on, as Snapshot writes it
// (timestamp, level, text): the current search match, else the newest
// entry while following, else the top line in view; ok is false when
// nothing is shown.
func (m *Model) Current() (line string, ok bool) {
	e := -1
	switch {
	case m.matches.cur >= 0 && m.matches.cur < len(m.matches.entries):
		e = int(m.matches.entries[m.matches.cur])
	case m.shown() == 0:
		return "", false
	case m.follow:
		e = m.entryAt(m.shown() - 1)
	default:
		e = m.topEntry()
	}
	if e < 0 || e >= m.st.n {
		return "", false
	}
	it := m.st.at(e)
	var b strings.Builder
	if it.nanos == noTime {
		b.WriteString("-")
	} else {
		t := time.Unix(0, it.nanos)
		if m.loc == nil || m.timeMode != TimeLocal {
			t = t.UTC()
		} else {
			t = t.In(m.loc)
		}
		b.WriteString(t.Format(time.RFC3339Nano))
	}
	b.WriteString(" " + it.level.label() + " " + it.text)
	return b.String(), true
}

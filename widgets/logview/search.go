package logview

import (
	"sort"
	"strings"
)

// query is a committed search. Lower-case queries ignore ASCII case (smart
// case); a query with an upper-case letter matches exactly.
type query struct {
	text string
	fold bool
}

func newQuery(s string) query {
	return query{text: s, fold: strings.ToLower(s) == s}
}

// index returns the byte offset of the first match in s, or -1.
func (q query) index(s string) int {
	if !q.fold {
		return strings.Index(s, q.text)
	}
	return indexFold(s, q.text)
}

// matches reports whether an entry matches: its text or its level's name
// (so /ERROR finds the error entries, as the level column shows them).
func (q query) matches(text string, l Level) bool {
	return q.index(text) >= 0 || q.inLabel(l)
}

// inLabel reports whether the query is found in l's name as shown.
func (q query) inLabel(l Level) bool {
	return l != LevelNone && q.text != "" && q.index(strings.TrimSpace(l.label())) >= 0
}

// indexFold is strings.Index ignoring ASCII case; lower is lower-case. It
// does not allocate, so searching a million entries stays cheap.
func indexFold(s, lower string) int {
	n := len(lower)
	if n == 0 {
		return 0
	}
	first := lower[0]
	upper := first
	if 'a' <= first && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for i := 0; i+n <= len(s); i++ {
		c := s[i]
		if c != first && c != upper {
			continue
		}
		if equalFoldASCII(s[i:i+n], lower) {
			return i
		}
	}
	return -1
}

func equalFoldASCII(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// spans returns the [start, end) byte ranges of matches that overlap
// text[from:to], clipped to it. Only the window around the range is
// searched, so a visible slice of a huge line costs the slice, not the line.
func (q query) spans(text string, from, to int) [][2]int {
	n := len(q.text)
	if n == 0 {
		return nil
	}
	lo := max(0, from-n+1)
	hi := min(len(text), to+n-1)
	var out [][2]int
	for i := lo; i < hi; {
		j := q.index(text[i:hi])
		if j < 0 {
			break
		}
		s, e := i+j, i+j+n
		if e > from && s < to {
			out = append(out, [2]int{max(s, from), min(e, to)})
		}
		i = e
	}
	return out
}

// matchIndex lists the entries (by store index, ascending) that match the
// query and pass the filter. It is built once per search or filter change
// and then grows by one check per appended entry.
type matchIndex struct {
	entries []int32
	cur     int // index into entries of the current match; -1 before the first jump
}

// after returns the index of the first match at or after entry e, or
// len(entries).
func (mi *matchIndex) after(e int) int {
	return sort.Search(len(mi.entries), func(i int) bool { return int(mi.entries[i]) >= e })
}

// has reports whether entry e matches.
func (mi *matchIndex) has(e int) bool {
	i := mi.after(e)
	return i < len(mi.entries) && int(mi.entries[i]) == e
}

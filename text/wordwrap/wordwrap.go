// Package wordwrap breaks plain text into lines at spaces only. Unlike
// ansi.Wrap it never breaks at a hyphen, so a command-line flag such as
// --gateway stays whole, and a flag followed by its upper-case argument
// ("--gateway URL") is kept on one line as a unit.
package wordwrap

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Lines breaks text into lines of at most width cells. Words longer than
// the width are cut where they must be; newlines in text are kept.
func Lines(text string, width int) []string {
	width = max(1, width)
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapPara(para, width)...)
	}
	return out
}

// Limit is Lines keeping at most maxLines lines, the last ending in "…"
// when some were left out.
func Limit(text string, width, maxLines int) []string {
	lines := Lines(text, width)
	maxLines = max(1, maxLines)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = ansi.Truncate(lines[maxLines-1], max(0, width-1), "") + "…"
	}
	return lines
}

func wrapPara(para string, width int) []string {
	units := joinFlags(strings.Fields(para))
	if len(units) == 0 {
		return []string{""}
	}
	var out []string
	cur, curW := "", 0
	for _, u := range units {
		uw := ansi.StringWidth(u)
		switch {
		case curW > 0 && curW+1+uw <= width:
			cur, curW = cur+" "+u, curW+1+uw
			continue
		case curW > 0:
			out = append(out, cur)
			cur, curW = "", 0
		}
		for uw > width {
			// Longer than a line (a URL, a path): cut it.
			head := ansi.Truncate(u, width, "")
			if head == "" {
				// A double-width character on a one-cell line: it goes
				// on a line of its own rather than looping forever.
				_, n := utf8.DecodeRuneInString(u)
				head = u[:n]
			}
			out = append(out, head)
			u = u[len(head):]
			uw = ansi.StringWidth(u)
		}
		cur, curW = u, uw
	}
	if cur == "" { // the last unit was cut up whole
		return out
	}
	return append(out, cur)
}

// joinFlags glues a flag to its argument when the argument is a
// placeholder in capitals ("--gateway URL", "--user NAME"), so the
// two are never split over two lines.
func joinFlags(words []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") && i+1 < len(words) && isPlaceholder(words[i+1]) {
			w += " " + words[i+1]
			i++
		}
		out = append(out, w)
	}
	return out
}

// isPlaceholder reports whether w is an upper-case argument name such as
// URL, NAME or PATH (trailing punctuation allowed).
func isPlaceholder(w string) bool {
	w = strings.TrimRight(w, ".,;:)")
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < 'A' || r > 'Z') && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// Package wordwrap breaks plain text into lines at spaces only. Unlike
// ansi.Wrap it never breaks at a hyphen, so a command-line flag such as
// --gateway stays whole, and a flag followed by its upper-case argument
// ("--gateway URL") is kept on one line as a unit.
package wordwrap

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
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
		case cur != "" && curW+1+uw <= width:
			cur, curW = cur+" "+u, curW+1+uw
			continue
		case cur != "": // a word of no width (a zero-width space) is kept too
			out = append(out, cur)
			cur, curW = "", 0
		}
		if uw > width {
			// Longer than a line (a URL, a path): cut it.
			var lines []string
			lines, u, uw = cut(u, width)
			out = append(out, lines...)
		}
		cur, curW = u, uw
	}
	if cur == "" { // the last unit was cut up whole
		return out
	}
	return append(out, cur)
}

// cut breaks a unit wider than width into lines of width cells and what
// is left, in one pass over it: host text may hold a word of megabytes,
// and cutting a line at a time while measuring the rest again was
// quadratic. A double-width character on a one-cell line goes on a line
// of its own.
func cut(u string, width int) (lines []string, rest string, restW int) {
	state, start, w := -1, 0, 0
	for i := 0; i < len(u); {
		cluster, _, _, st := uniseg.FirstGraphemeClusterInString(u[i:], state)
		state = st
		cw := ansi.StringWidth(cluster) // as lines are measured everywhere (a VS16 emoji's width differs in uniseg)
		if w > 0 && w+cw > width {
			lines = append(lines, u[start:i])
			start, w = i, 0
		}
		w += cw
		i += len(cluster)
	}
	return lines, u[start:], w
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

package doc

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ellipsis marks where a line is cut at the area's edge.
const ellipsis = "…"

// cutLine shows columns [x, x+w) of a rendered line that is lw cells
// wide, with an ellipsis where text is cut off on either side, so a cut
// line never reads as a whole one.
func cutLine(line string, lw, x, w int) string {
	if w <= 0 {
		return ""
	}
	if x == 0 && lw <= w {
		return line
	}
	if lw <= x {
		return "" // the line ends left of the window
	}
	left, right := x > 0, lw > x+w
	from, to := x, x+w
	if left {
		from++
	}
	if right {
		to--
	}
	var b strings.Builder
	if left {
		b.WriteString(ellipsis)
	}
	if to > from {
		b.WriteString(ansi.Cut(line, from, to))
	}
	if right {
		b.WriteString(ellipsis)
	}
	return b.String()
}

// position words where the area is in a document of total lines, the
// widest longest cells wide: "lines 1–12 of 30 ↓ more · col 9 of 120 ·
// ←/→ scroll".
func position(top, shown, total, x, w, longest int, side string) string {
	s := fmt.Sprintf("lines %d–%d of %d", min(total, top+1), min(total, top+shown), total)
	switch {
	case top+shown < total:
		s += " ↓ more"
	case top > 0:
		s += " ↑ above"
	}
	if longest > w || x > 0 {
		s += fmt.Sprintf(" · col %d of %d", x+1, longest)
		if side != "" {
			s += " · " + side + " scroll"
		}
	}
	return s
}

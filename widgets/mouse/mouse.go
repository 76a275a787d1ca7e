// Package mouse is the console's clickable areas: views mark what can be
// clicked or scrolled (a tab, a dialog button, a list, a document) as a
// zone when they render, the root finds the zones in the finished frame
// (Scan) and takes the markers out before the frame reaches the screen,
// and a view asks whether a mouse event fell in one of its zones. It is
// bubblezone's per-session manager behind a nil-safe type: a nil *Zones
// is the mouse off, where Mark changes nothing and no event hits.
package mouse

import (
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	zone "github.com/lrstanley/bubblezone"
)

// WheelStep is how many lines a document scrolls per notch of the wheel
// (a list moves its selection one row).
const WheelStep = 3

// Zones are one session's clickable areas. Each session (the local
// terminal, each SSH session) has its own: bubblezone's package-global
// manager would mix the frames of sessions sharing one process.
type Zones struct {
	m      *zone.Manager
	frames atomic.Uint64 // frames scanned
	closed atomic.Bool   // the manager's goroutine is gone
}

// New returns a session's zones; Close them when the session ends (the
// manager stores zones in a goroutine of its own).
func New() *Zones { return &Zones{m: zone.New()} }

// Close stops the zones' goroutine.
func (z *Zones) Close() {
	if z != nil {
		z.closed.Store(true)
		z.m.Close()
	}
}

// On reports whether the mouse is on (z is not nil).
func (z *Zones) On() bool { return z != nil }

// prefixes numbers the owners of zones, so two views never share an id.
var prefixes atomic.Uint64

// Prefix returns a fresh prefix for one view's zone ids.
func Prefix() string { return "m" + strconv.FormatUint(prefixes.Add(1), 10) + "-" }

// Mark wraps s as zone id; with the mouse off it returns s unchanged.
// The markers are escape sequences of no width (lipgloss.Width and
// ansi.Truncate keep them and do not count them), and Scan takes them
// out again.
func (z *Zones) Mark(id, s string) string {
	if z == nil {
		return s
	}
	return z.m.Mark(id, s)
}

// Scan records where each marked zone is in the finished frame v and
// returns v without the markers. Only the root calls it, on the whole
// frame, before the frame's last filter (sanitize.Frame). The zones are
// stored in the manager's goroutine: an event that comes after the frame
// was drawn finds them.
func (z *Zones) Scan(v string) string {
	if z == nil {
		return v
	}
	if z.closed.Load() {
		// Nothing stores zones any more (and the manager would wait for
		// its goroutine): the markers only go.
		return markers.ReplaceAllString(v, "")
	}
	// The frame's last zone is one of its own, so Drawn can tell when
	// the goroutine has stored every zone of the frame; its one cell is
	// taken off again.
	id := frameZone(z.frames.Add(1))
	z.m.Clear(id)
	return strings.TrimSuffix(z.m.Scan(unpaired(v)+z.m.Mark(id, " ")), " ")
}

// unpaired shows, as text, every marker that is not exactly one pair in
// v: a zone is marked once a frame, so a third or a lone one came from
// text a view forgot to sanitise (a host's name holding ESC [ 1001 z). It
// must neither vanish nor move a real zone to where the host put it; the
// zone is lost for this frame and the frame shows the markers as ^[,
// as the frame filter shows any other escape.
func unpaired(v string) string {
	var counts map[string]int
	for rest := v; ; {
		i := strings.Index(rest, "\x1b[")
		if i < 0 {
			break
		}
		n := markerLen(rest[i:])
		if n == 0 {
			rest = rest[i+2:]
			continue
		}
		if counts == nil {
			counts = map[string]int{}
		}
		counts[rest[i:i+n]]++
		rest = rest[i+n:]
	}
	for m, n := range counts {
		if n != 2 {
			v = strings.ReplaceAll(v, m, "^["+m[1:])
		}
	}
	return v
}

// markerLen is the length of the marker ESC [ digits z at the start of s,
// 0 if there is none.
func markerLen(s string) int {
	j := 2
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == 2 || j >= len(s) || s[j] != 'z' {
		return 0
	}
	return j + 1
}

// markers matches bubblezone's markers: ESC [ digits z.
var markers = regexp.MustCompile("\x1b\\[[0-9]+z")

// frameZone names the zone that ends frame n; two names in turn, so
// the names kept stay two.
func frameZone(n uint64) string { return "frame" + strconv.FormatUint(n%2, 10) }

// Drawn reports whether every zone of the last frame scanned is stored,
// so an event now finds that frame's zones (tests wait for it).
func (z *Zones) Drawn() bool {
	return z != nil && z.Known(frameZone(z.frames.Load()))
}

// Known reports whether zone id was in a scanned frame.
func (z *Zones) Known(id string) bool {
	return z != nil && !z.m.Get(id).IsZero()
}

// In reports whether msg fell in zone id, a box (a tab, a button).
func (z *Zones) In(id string, msg tea.MouseMsg) bool {
	if z == nil {
		return false
	}
	return z.m.Get(id).InBounds(msg)
}

// Line returns which line of zone id msg fell on, from 0. A block (a
// list, a document) spans the pane's width, so only its lines count: a
// box would end at its last line's end, which may be short.
func (z *Zones) Line(id string, msg tea.MouseMsg) (int, bool) {
	if z == nil {
		return 0, false
	}
	info := z.m.Get(id)
	if info.IsZero() || msg.Y < info.StartY || msg.Y > info.EndY {
		return 0, false
	}
	return msg.Y - info.StartY, true
}

// Click reports whether msg is a press of the left button.
func Click(msg tea.MouseMsg) bool {
	return msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft
}

// Wheel returns -1 for a notch of the wheel up, 1 for one down, and 0 for
// any other event.
func Wheel(msg tea.MouseMsg) int {
	if msg.Action != tea.MouseActionPress {
		return 0
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		return -1
	case tea.MouseButtonWheelDown:
		return 1
	}
	return 0
}

// Used reports whether the console acts on msg at all: a click or a
// notch of the wheel. Motion and releases are dropped early, so dragging
// costs no layout.
func Used(msg tea.MouseMsg) bool { return Click(msg) || Wheel(msg) != 0 }

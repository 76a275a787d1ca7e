package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/text/sanitize"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// demoBadge marks a console on the embedded mock host. Not "offline":
// that is one of the agent's states, which the header shows beside it.
const demoBadge = "DEMO HOST"

// headerInfo is what the header shows besides the host's answers.
type headerInfo struct {
	version string
	gateway string
	user    string
	demo    bool
}

// view renders the header's two lines at width. Line one is the agent's
// state (and the DEMO HOST badge), line two the application, gateway
// and user (and the READ-ONLY badge). What does not fit is shortened in
// order of importance (see stateLine and identityLine); the user always
// shows.
func (h *header) view(c *common.Common, info headerInfo, width int) string {
	s := c.Styles
	if width <= s.Header.GetHorizontalFrameSize() {
		// No room inside the bar's padding (an SSH client may say one
		// column): the bar alone would be wider than the terminal.
		blank := strings.Repeat(" ", max(0, width))
		return blank + "\n" + blank
	}
	inner := width - s.Header.GetHorizontalFrameSize()
	line1 := h.stateLine(c, info, inner)
	if info.demo {
		line1 = fitLeftRight(s, line1, s.Badge.Render(demoBadge), inner)
	}
	line2 := h.identityLine(c, info, inner)
	bar := s.Header.Width(max(0, width))
	return bar.Render(truncate(s.Renderer, line1, inner)) + "\n" + bar.Render(truncate(s.Renderer, line2, inner))
}

// stateLine is the agent's state, shortened to fit width less the badge.
func (h *header) stateLine(c *common.Common, info headerInfo, width int) string {
	s := c.Styles
	label := func(t string) string { return s.HeaderLabel.Render(t) }
	bad := func(t string) string { return s.StatusBad.Inherit(s.HeaderValue).Render(t) }
	switch {
	case !h.running && h.ended:
		return bad("not logged in") + label(": the host ended the session — log in below")
	case !h.running:
		return label("dpconsole "+info.version) + label("  ") + label("not logged in")
	case h.hung > 0 && h.have:
		return bad(fmt.Sprintf("host not answering: no answer for %s", h.hung)) + label(" · last known: agent "+orDash(h.status.Agent))
	case h.hung > 0:
		return bad(fmt.Sprintf("host not answering: no answer for %s", h.hung))
	case h.failures > 0:
		return bad(fmt.Sprintf("host not answering (retry in %s)", h.retryIn))
	case h.problem != "":
		return bad(clip(h.problem, max(10, width-4)))
	case !h.have:
		return label("loading agent status…")
	}
	room := width
	if info.demo {
		room -= lipgloss.Width(s.Badge.Render(demoBadge)) + 1
	}
	st := h.status
	ping := "—"
	switch {
	case h.pingErr == nil:
		ping = latency(h.latency)
	case h.pinged:
		ping = latency(h.lastPing) + " (last)"
	}
	// From the most to the least spelled out; the first that fits wins.
	// Bare states ("Active product… Active Errors") say nothing: below
	// the ping, which goes before the agent's label, the labels stay and
	// the configuration's name is cut before they go.
	type form struct {
		agent, config, tasks, ping, sep string
		cfgMax                          int
		noPing                          bool
	}
	forms := []form{
		{"agent ", "config ", "tasks ", "ping ", "  ", 0, false},
		{"agent ", "config ", "tasks ", "ping ", " ", 0, false},
		{"agent ", "cfg ", "tasks ", "ping ", " ", 0, false},
		{"agent ", "cfg ", "tasks ", "", " ", 12, true},
		{"agent ", "cfg ", "tasks ", "", " ", 8, true},
		{"", "cfg ", "tasks ", "", " ", 8, true},
		{"", "", "", "", " ", 8, true},
	}
	var out string
	for _, f := range forms {
		cfg := orDash(st.Config)
		if f.cfgMax > 0 {
			cfg = clip(cfg, f.cfgMax)
		}
		parts := []string{
			label(f.agent) + h.statusValue(c, st.Agent),
			label(f.config) + s.HeaderValue.Render(cfg) + label(" ") + h.statusValue(c, st.ConfigStatus),
			label(f.tasks) + h.statusValue(c, st.TaskStatus),
		}
		if !f.noPing {
			parts = append(parts, label(f.ping)+s.HeaderValue.Render(ping))
		}
		out = strings.Join(parts, label(f.sep))
		if lipgloss.Width(out) <= room {
			break
		}
	}
	return out
}

func (h *header) statusValue(c *common.Common, t string) string {
	s := c.Styles
	if t == "" {
		t = "—"
	}
	return s.StatusStyle(t).Inherit(s.HeaderValue).Render(t)
}

// identityLine is the application, the gateway and the user, with the
// READ-ONLY badge at the end.
func (h *header) identityLine(c *common.Common, info headerInfo, width int) string {
	s := c.Styles
	label := func(t string) string { return s.HeaderLabel.Render(t) }
	value := func(t string) string { return s.HeaderValue.Render(t) }
	sep := label("  ")
	badge := ""
	room := width
	if c.ReadOnly {
		badge = s.Badge.Render("READ-ONLY")
		room -= lipgloss.Width(badge) + 1
	}
	user := ""
	if info.user != "" {
		user = sep + label("user ") + value(sanitize.SanitizeLine(info.user)) // a name the host accepted, shown, not obeyed
	}
	var apps []string // the application, from the most to the least said
	if h.have {
		apps = appForms(h.status.AppName, h.status.AppVersion)
	}
	// Fields go whole, in order, never cut mid-word: the gateway's path (to "/…")
	// (the scheme stays: http and https must be told apart), then the
	// application's parenthesis, the gateway's label, the application's
	// name but its first word, the name, and last the version.
	gws := gatewayForms(info.gateway)
	base := gws[len(gws)-1]
	type form struct {
		app   int // index in apps, -1: none
		gw    string
		label bool
	}
	var forms []form
	for _, g := range gws {
		forms = append(forms, form{0, g, true})
	}
	for i := 1; i < len(apps); i++ {
		forms = append(forms, form{i, base, i == 1}, form{i, base, false})
	}
	forms = append(forms, form{-1, base, true}, form{-1, base, false})
	line := ""
	gw := value(base)
	for _, f := range forms {
		gw = value(f.gw)
		if f.label {
			gw = label("gateway ") + gw
		}
		line = gw + user
		if f.app >= 0 && f.app < len(apps) {
			line = value(apps[f.app]) + sep + line
		}
		if lipgloss.Width(line) <= room {
			break
		}
	}
	if lipgloss.Width(line) > room {
		// Too narrow even so: cut the gateway, never the user.
		keep := max(0, room-lipgloss.Width(user))
		line = ansi.Truncate(gw, keep, "…") + user // "…": what is shown is not the whole URL
	}
	if badge != "" {
		line = fitLeftRight(c.Styles, line, badge, width)
	}
	return line
}

// appForms is "name version" from the most to the least said: whole;
// without a closing parenthesis of the name ("(dpconsole mock host)");
// the name's first word and the version; the version alone.
func appForms(name, version string) []string {
	name = strings.TrimSpace(name)
	join := func(a, b string) string { return strings.TrimSpace(a + " " + b) }
	out := []string{join(name, version)}
	add := func(s string) {
		if s != "" && s != out[len(out)-1] {
			out = append(out, s)
		}
	}
	short := name
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		short = strings.TrimSpace(name[:i])
	}
	add(join(short, version))
	if f := strings.Fields(short); len(f) > 0 {
		add(join(f[0], version))
	}
	add(version)
	return out
}

// gatewayForms is the gateway URL from the longest to the shortest form
// shown: as given, then with its path shortened to "/…".
// Each keeps the scheme.
func gatewayForms(u string) []string {
	start := 0
	if i := strings.Index(u, "://"); i >= 0 {
		start = i + 3
	}
	i := strings.IndexAny(u[start:], "/?#")
	if i < 0 || start+i == len(u)-1 {
		return []string{u}
	}
	// Never the bare host: http://h:1 is another URL than http://h:1/api,
	// and would be taken for the gateway.
	return []string{u, u[:start+i] + "/…"}
}

// fitLeftRight places right at the end of a line of width w, cutting left
// so right (the badge) always shows.
func fitLeftRight(s *theme.Styles, left, right string, w int) string {
	rw := lipgloss.Width(right)
	left = truncate(s.Renderer, left, max(0, w-rw-1))
	gap := max(1, w-lipgloss.Width(left)-rw)
	// In the bar's colours: plain spaces after a styled part would show
	// the terminal's background, a hole in the bar.
	return left + s.HeaderLabel.Render(strings.Repeat(" ", gap)) + right
}

// clip cuts s to n cells of display width (wide runes take two, a
// combining mark none), never inside a character, ending in an ellipsis
// when it was cut.
func clip(s string, n int) string { return ansi.Truncate(s, max(0, n), "…") }

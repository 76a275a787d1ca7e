package prompt

import (
	"errors"
	"strings"

	"dpconsole/text/sanitize"
)

// Group is a set of names offered for a prompt, labelled by where they
// come from ("used this session", "in production's tasks"), so the
// operator can tell a name the host confirmed from one typed earlier.
type Group struct {
	Label string
	Names []string
}

// SetSuggestionGroups offers the names of groups for the open prompt, in
// order; the hint under the input lists the matches under each label.
// Duplicates (within and across groups) and empty names are dropped, and
// groups left empty are not shown.
func (m *Model) SetSuggestionGroups(groups ...Group) {
	m.known, m.groups = m.known[:0], m.groups[:0]
	seen := map[string]bool{}
	for _, g := range groups {
		var kept []string
		for _, n := range g.Names {
			// A host's name is offered as shown: the input draws a
			// completion raw, and Tab would type what it cannot show.
			if n = sanitize.SanitizeLine(strings.TrimSpace(n)); n != "" && !seen[n] {
				seen[n] = true
				kept = append(kept, n)
			}
		}
		if len(kept) > 0 {
			m.groups = append(m.groups, Group{Label: g.Label, Names: kept})
			m.known = append(m.known, kept...)
		}
	}
	// The input keeps its matches while ShowSuggestions is off and shows
	// them as a completion anyway: refresh them with it on. Without
	// colour the input gets no names (Tab completes from the groups).
	m.input.ShowSuggestions = true
	if m.plain {
		m.input.SetSuggestions(nil)
	} else {
		m.input.SetSuggestions(m.known)
	}
	m.input.ShowSuggestions = len(m.known) > 0 && !m.plain
}

// SetError shows text under the input as a refusal, e.g. when a check the
// pane ran in a command found the answer wrong and opened the prompt
// again; the next key clears it.
func (m *Model) SetError(text string) {
	m.err, m.pristine = text, false
}

// matching returns the known names that start with what is typed, by
// group.
func (m *Model) matching() []Group {
	typed := strings.ToLower(strings.TrimSpace(m.input.Value()))
	var out []Group
	for _, g := range m.groups {
		var match []string
		for _, n := range g.Names {
			if strings.HasPrefix(strings.ToLower(n), typed) {
				match = append(match, n)
			}
		}
		if len(match) > 0 {
			out = append(out, Group{Label: g.Label, Names: match})
		}
	}
	return out
}

// complete replaces what is typed with the first known name it starts
// (plain mode's Tab, where no grey completion is shown).
func (m *Model) complete() {
	if groups := m.matching(); len(groups) > 0 {
		m.input.SetValue(groups[0].Names[0])
		m.input.CursorEnd()
	}
}

// hint lists the known names that match what is typed, under their
// labels.
func (m *Model) hint() string {
	groups := m.matching()
	if len(groups) == 0 {
		return "no known name starts with " + strings.TrimSpace(m.input.Value()) + " (a new name is fine)"
	}
	parts, shown := []string{"tab completes"}, 0
	for _, g := range groups {
		names := g.Names
		more := ""
		if room := maxShown - shown; len(names) > room {
			names, more = names[:max(0, room)], " …"
		}
		if len(names) == 0 {
			break
		}
		shown += len(names)
		parts = append(parts, g.Label+": "+strings.Join(names, ", ")+more)
	}
	return strings.Join(parts, " · ")
}

// NonEmptyPath checks a file path prompt's answer: an empty one says what
// to do.
func NonEmptyPath(s string) error {
	if s == "" {
		return errors.New("type a file path, or press esc to cancel")
	}
	return nil
}

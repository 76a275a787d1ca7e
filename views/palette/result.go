package palette

import (
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/text/highlight"
	"dpconsole/text/sanitize"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// hexPreview is how many bytes of a binary result are shown: an ID
// (a few hundred bytes) is shown whole; s saves a larger one.
const hexPreview = 4096

// resultChrome is the lines the result screen uses around the viewport.
const resultChrome = 3

// result is one call's answer, decoded for display. XML results are
// highlighted in the command that made the call, never in Update or View.
type result struct {
	fn      gateway.Function
	args    string
	status  gateway.Status
	message string
	failure string // a transport or local failure: no status
	items   []item
}

type item struct {
	name  string
	kind  gateway.ArgKind
	value []byte
	lines []string // the highlighted XML, or the sanitized text
}

// binary returns the index of the first binary result, or -1.
func (r *result) binary() int {
	for i, it := range r.items {
		if it.kind == gateway.KindBinary {
			return i
		}
	}
	return -1
}

// saveable returns what s saves: the first binary result as it came,
// else the only result (an XML document, a text), else every result one
// a line; ok is false when there are none.
func (r *result) saveable() (name string, data []byte, ok bool) {
	if r == nil || len(r.items) == 0 {
		return "", nil, false
	}
	if i := r.binary(); i >= 0 {
		return r.items[i].name, r.items[i].value, true
	}
	if len(r.items) == 1 {
		return r.items[0].name, r.items[0].value, true
	}
	var b []byte
	for _, it := range r.items {
		b = append(append(b, it.value...), '\n')
	}
	return fmt.Sprintf("the %d results", len(r.items)), b, true
}

// specFor names result i from the registry (the last spec repeats).
func specFor(fn gateway.Function, i int) gateway.ArgSpec {
	if len(fn.Results) == 0 {
		return gateway.ArgSpec{Name: fmt.Sprintf("result-%d", i+1), Kind: gateway.KindText}
	}
	if i < len(fn.Results) {
		return fn.Results[i]
	}
	last := fn.Results[len(fn.Results)-1]
	if last.Repeated {
		return last
	}
	return gateway.ArgSpec{Name: fmt.Sprintf("result-%d", i+1), Kind: gateway.KindText}
}

// decode builds the result of a call; hl may be nil (no highlighting).
func decode(fn gateway.Function, msg resultMsg, hl *highlight.Highlighter) *result {
	r := &result{fn: fn, args: msg.args}
	var pe *gateway.Error
	var fe *argFileError
	switch {
	case msg.err == nil || errors.As(msg.err, &pe):
		if msg.resp != nil {
			r.status, r.message = msg.resp.Status, msg.resp.Message
		} else if pe != nil {
			r.status, r.message = pe.Status, pe.Message
		}
	case errors.As(msg.err, &fe):
		r.failure = fe.Error() + " — fix the path and run it again"
	case gateway.IsTransport(msg.err):
		r.failure = fmt.Sprintf("the host did not answer: %v — check that it runs, then run the function again", msg.err)
	default:
		r.failure = msg.err.Error()
	}
	if msg.resp == nil {
		return r
	}
	for i, a := range msg.resp.Results {
		spec := specFor(fn, i)
		name := spec.Name
		if a.Name != "" {
			name = a.Name
		}
		it := item{name: name, kind: spec.Kind, value: a.Value}
		switch {
		case spec.Secret && (a.Name == "" || a.Name == spec.Name):
			// A session id: whoever has it is logged in.
			it.lines = []string{fmt.Sprintf("(hidden: %s, a secret; it is never shown)", common.Count(len(a.Value), "character"))}
			r.items = append(r.items, it)
			continue
		}
		switch spec.Kind {
		case gateway.KindXML:
			if hl != nil {
				it.lines = hl.XML(string(a.Value))
			} else {
				it.lines = strings.Split(sanitize.Sanitize(string(a.Value)), "\n")
			}
		case gateway.KindBinary:
			it.lines = hexLines(a.Value)
		default:
			it.lines = strings.Split(sanitize.Sanitize(string(a.Value)), "\n")
		}
		r.items = append(r.items, it)
	}
	return r
}

// hexLines is a hex dump of the first bytes of b (offset, 16 bytes, and
// the printable ASCII of each, as hexdump -C shows them: nothing else
// reaches the terminal).
func hexLines(b []byte) []string {
	if len(b) == 0 {
		return []string{"(empty)"}
	}
	n := min(len(b), hexPreview)
	out := strings.Split(strings.TrimSuffix(hex.Dump(b[:n]), "\n"), "\n")
	if len(b) > n {
		out = append(out, fmt.Sprintf("… %d more bytes not shown: save the result for all %d", len(b)-n, len(b)))
	}
	return out
}

// render lays the result out as the viewport's content.
func (r *result) render(s *theme.Styles, width int) string {
	var b strings.Builder
	if r.failure != "" {
		b.WriteString(s.Error.Render("failed: ") + s.Text.Render(r.failure) + "\n")
		return b.String()
	}
	st := s.Success
	if r.status != gateway.StatusOK {
		st = s.Error
	}
	msg := r.message
	if msg == "" {
		msg = r.status.Text()
	}
	b.WriteString(s.Muted.Render("status ") + st.Render(fmt.Sprintf("%d %s", int(r.status), sanitize.SanitizeLine(msg))) + "\n")
	if len(r.items) == 0 {
		b.WriteString(s.Empty.Render("no results") + "\n")
	}
	for _, it := range r.items {
		head := it.name
		switch it.kind {
		case gateway.KindBinary:
			head = fmt.Sprintf("%s (binary, %d bytes)", it.name, len(it.value))
		case gateway.KindXML:
			head = fmt.Sprintf("%s (xml, %d bytes)", it.name, len(it.value))
		}
		b.WriteString("\n" + s.Title.Render(head) + "\n")
		for _, l := range it.lines {
			b.WriteString(l + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// received shows the answer of the call.
func (m *Model) received(msg resultMsg) tea.Cmd {
	m.call = 0
	m.res = msg.res
	if m.res == nil {
		m.res = decode(m.fn, msg, m.hl)
	}
	m.mode, m.help = modeResult, false
	m.out.SetLines(strings.Split(m.res.render(m.c.Styles, m.width), "\n"))
	if msg.err != nil || !m.fn.Mutates {
		return nil
	}
	// The host changed: the panes and the header show it at once.
	fn := m.fn.Name
	return tea.Batch(
		func() tea.Msg { return common.HostChangedMsg{Function: fn} },
		func() tea.Msg { return common.AgentChangedMsg{} })
}

func (m *Model) resultKey(msg tea.KeyMsg) tea.Cmd {
	g := m.c.Keys.Global
	if m.help {
		// As the console's help: ?, q and esc close it.
		if key.Matches(msg, g.Help, g.Quit, m.keys.Back) {
			m.help = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, g.Help):
		m.help = true
		return nil
	case key.Matches(msg, m.keys.Back):
		return m.backToList()
	case key.Matches(msg, m.keys.Edit) && m.canEditArgs():
		return m.editArgs()
	case key.Matches(msg, m.keys.Save):
		name, data, ok := m.res.saveable()
		if !ok {
			m.note = "this result has nothing to save"
			return nil
		}
		m.mode, m.note, m.errText = modeSave, "", ""
		return m.save.OpenSavePath("save", fmt.Sprintf("Save %s (%d bytes) to file:", name, len(data)), m.savePath())
	}
	return m.out.Update(msg)
}

// savePath is the file a result is offered to be saved to: an ID under
// the name it has on the host (./operations.iic), a script likewise, or
// "" where the result has no name of its own.
func (m *Model) savePath() string {
	bin := m.res.binary()
	if bin < 0 {
		name, _ := m.given("script-name")
		return here(name)
	}
	if name, ok := m.given("id-name"); ok {
		return here(name)
	}
	return here(m.res.items[bin].name + ".bin")
}

// here is ./name for the last element of name, or "" when that is
// nothing a file could safely be called.
func here(name string) string {
	base := filepath.Base(strings.TrimSpace(name))
	if name == "" || base == "." || base == ".." || base == string(filepath.Separator) ||
		sanitize.SanitizeLine(base) != base || strings.TrimSpace(base) != base {
		return ""
	}
	return "." + string(filepath.Separator) + base
}

// saveKey passes a key (or the save prompt's own reply) to the save
// prompt and writes the bytes once it answers with a path that may be
// written.
func (m *Model) saveKey(msg tea.Msg) tea.Cmd {
	ans, cancelled, cmd := m.save.Update(msg)
	switch {
	case cancelled:
		m.mode, m.errText = modeResult, ""
		return nil
	case ans != nil:
		_, data, _ := m.res.saveable()
		m.mode, m.errText, m.note = modeResult, "", "saving…"
		return fileio.Save(ans.Value, data)
	}
	return cmd
}

// handleSaved shows the outcome of a save; ok is false for other messages.
func (m *Model) handleSaved(msg tea.Msg) bool {
	sm, ok := msg.(fileio.SavedMsg)
	if !ok {
		return false
	}
	if sm.Err != nil {
		m.note = ""
		m.errText = sm.Err.Error()
	} else {
		m.errText = ""
		m.note = fmt.Sprintf("saved %d bytes to %s", sm.Bytes, sm.Path)
	}
	return true
}

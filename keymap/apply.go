package keymap

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"gopkg.in/yaml.v3"
)

// action names one binding for overrides: Name is what the config file
// says ("quit"), Group the KeyMap field it lives in ("global").
type action struct {
	Name  string
	Group string
	B     *key.Binding
}

// actions lists every binding with its unique action name. It is the one
// place that maps names to fields.
func (k *KeyMap) actions() []action {
	g, n, a, i, c, t, l, d, f := &k.Global, &k.Nav, &k.Agent, &k.Item, &k.Config, &k.Task, &k.Log, &k.Dialog, &k.Form
	ch, p, tb := &k.Choose, &k.Palette, &k.Table
	return []action{
		{"quit", "global", &g.Quit}, {"force_quit", "global", &g.ForceQuit}, {"help", "global", &g.Help},
		{"palette", "global", &g.Palette}, {"next_pane", "global", &g.NextPane}, {"prev_pane", "global", &g.PrevPane},
		{"pane_1", "global", &g.Pane1}, {"pane_2", "global", &g.Pane2}, {"pane_3", "global", &g.Pane3},
		{"pane_4", "global", &g.Pane4}, {"pane_5", "global", &g.Pane5}, {"pane_6", "global", &g.Pane6},
		{"fleet", "global", &g.Fleet},
		{"refresh", "global", &g.Refresh},

		{"up", "nav", &n.Up}, {"down", "nav", &n.Down}, {"page_up", "nav", &n.PageUp}, {"page_down", "nav", &n.PageDown},
		{"home", "nav", &n.Home}, {"end", "nav", &n.End}, {"enter", "nav", &n.Enter}, {"back", "nav", &n.Back},

		{"ping", "agent", &a.Ping}, {"enable", "agent", &a.Enable}, {"disable", "agent", &a.Disable},
		{"restart", "agent", &a.Restart}, {"shutdown", "agent", &a.Shutdown}, {"start", "agent", &a.Start},

		{"new", "item", &i.New}, {"delete", "item", &i.Delete}, {"edit", "item", &i.Edit},
		{"new_id", "item", &i.NewID}, {"save_to_file", "item", &i.SaveToFile}, {"load_from_file", "item", &i.LoadFromFile},
		{"open_by_name", "item", &i.Open}, {"apply_template", "template", &i.Apply},

		{"activate", "config", &c.Activate}, {"validate", "config", &c.Validate}, {"view_tasks", "config", &c.ViewTasks},
		{"edit_script", "config", &c.Script},

		{"pause", "task", &t.Pause}, {"resume", "task", &t.Resume}, {"reset", "task", &t.Reset}, {"reset_all", "task", &t.ResetAll},
		{"sort", "task", &t.Sort}, {"save_as_template", "task", &t.Template},

		{"follow", "log", &l.Follow}, {"search", "log", &l.Search}, {"next_match", "log", &l.Next},
		{"prev_match", "log", &l.Prev}, {"level", "log", &l.Level}, {"wrap", "log", &l.Wrap},
		{"timestamps", "log", &l.Timestamps}, {"save_log", "log", &l.Save},
		{"agent_log", "log", &l.AgentLog}, {"scroll_left", "log", &l.Left}, {"scroll_right", "log", &l.Right},

		{"confirm", "dialog", &d.Confirm}, {"cancel", "dialog", &d.Cancel}, {"switch_button", "dialog", &d.Switch},
		{"choose", "dialog", &d.Choose}, {"dialog_scroll_up", "dialog", &d.Up}, {"dialog_scroll_down", "dialog", &d.Down},
		{"dialog_page_up", "dialog", &d.PageUp}, {"dialog_page_down", "dialog", &d.PageDn},

		{"next_field", "form", &f.Next}, {"prev_field", "form", &f.Prev}, {"submit", "form", &f.Submit},
		{"reveal", "form", &f.Reveal}, {"form_cancel", "form", &f.Cancel},

		{"choose_id", "choose", &ch.ID}, {"choose_script", "choose", &ch.Script},

		{"palette_up", "palette", &p.Up}, {"palette_down", "palette", &p.Down},

		{"filter", "table", &tb.Filter}, {"copy", "copy", &tb.Copy},
	}
}

// Actions returns every action name that Apply accepts, sorted.
func (k KeyMap) Actions() []string {
	var names []string
	for _, a := range k.actions() {
		names = append(names, a.Name)
	}
	sort.Strings(names)
	return names
}

// contexts lists the groups that are active at the same time: a key may
// appear only once within each. Dialogs and forms take all keys but
// Ctrl+C while open.
func contexts() [][]string {
	return [][]string{
		{"global", "nav", "agent", "item", "config", "table", "copy"},
		{"global", "nav", "agent", "item", "template", "table", "copy"},
		{"global", "nav", "agent", "task", "table", "copy"},
		{"global", "nav", "agent", "log", "copy"},
		{"dialog", "force_quit"},
		{"form", "force_quit"},
		{"choose", "force_quit"},
		// The palette: its own keys, the form's enter and esc, paging, and
		// the edit and save keys of its result screen.
		{"palette", "submit", "form_cancel", "page_up", "page_down", "edit", "save_to_file", "force_quit"},
	}
}

// Overrides maps action names to the keys that should trigger them, as read
// from the config file's `keys:` section. A value may be one key or a list;
// an empty list unbinds the action.
type Overrides map[string][]string

// UnmarshalYAML accepts `quit: q` as well as `quit: [q, ctrl+q]`.
func (o *Overrides) UnmarshalYAML(n *yaml.Node) error {
	var raw map[string]yaml.Node
	if err := n.Decode(&raw); err != nil {
		return fmt.Errorf("keys: want a map of action names to keys: %w", err)
	}
	out := Overrides{}
	for name, v := range raw {
		var one string
		if v.Kind == yaml.ScalarNode && v.Decode(&one) == nil {
			out[name] = []string{one}
			continue
		}
		var many []string
		if err := v.Decode(&many); err != nil {
			return fmt.Errorf("keys: %s: want a key or a list of keys (line %d)", name, v.Line)
		}
		out[name] = many
	}
	*o = out
	return nil
}

// UnmarshalJSON accepts `"quit": "q"` as well as `"quit": ["q", "ctrl+q"]`.
func (o *Overrides) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("keys: want an object of action names to keys: %w", err)
	}
	out := Overrides{}
	for name, v := range raw {
		var one string
		if json.Unmarshal(v, &one) == nil {
			out[name] = []string{one}
			continue
		}
		var many []string
		if err := json.Unmarshal(v, &many); err != nil {
			return fmt.Errorf("keys: %s: want a key or a list of keys", name)
		}
		out[name] = many
	}
	*o = out
	return nil
}

// Apply rebinds actions by name. It changes nothing unless every name and
// key is valid and the result has no key bound twice where both bindings are
// active at once; the error then lists every problem.
func (k *KeyMap) Apply(overrides map[string][]string) error {
	next := *k
	byName := map[string]*key.Binding{}
	for _, a := range next.actions() {
		byName[a.Name] = a.B
	}
	var problems []string
	names := make([]string, 0, len(overrides))
	for name := range overrides {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		b, ok := byName[strings.ToLower(strings.TrimSpace(name))]
		if !ok {
			problems = append(problems, fmt.Sprintf("unknown action %q (known actions: %s)", name, strings.Join(next.Actions(), ", ")))
			continue
		}
		keys, err := normalizeKeys(overrides[name])
		if err != nil {
			problems = append(problems, fmt.Sprintf("action %q: %v", name, err))
			continue
		}
		desc := b.Help().Desc
		if len(keys) == 0 {
			b.Unbind()
			continue
		}
		b.SetKeys(keys...)
		b.SetHelp(helpLabel(keys), desc)
	}
	if len(problems) == 0 {
		rebound := map[string]bool{}
		for name := range overrides {
			rebound[strings.ToLower(strings.TrimSpace(name))] = true
		}
		problems = next.conflicts(rebound)
	}
	if len(problems) > 0 {
		return errors.New("key bindings: " + strings.Join(problems, "; "))
	}
	*k = next
	return nil
}

// Conflicts describes every key bound to two actions that are active at
// the same time; it is empty for a usable KeyMap.
func (k KeyMap) Conflicts() []string { return k.conflicts(nil) }

// conflicts is Conflicts, each conflict saying how to fix it: rebind the
// action the operator did not rebind (overridden lists those they did) to
// a key that is free wherever that action is active.
func (k KeyMap) conflicts(overridden map[string]bool) []string {
	acts := k.actions()
	var out []string
	seen := map[string]bool{}
	for _, ctx := range contexts() {
		owner := map[string]string{}
		for _, a := range acts {
			if !inContext(ctx, a) || !a.B.Enabled() {
				continue
			}
			for _, key := range a.B.Keys() {
				prev, ok := owner[key]
				if !ok {
					owner[key] = a.Name
					continue
				}
				msg := fmt.Sprintf("key %q is bound to both %q and %q", showKey(key), prev, a.Name)
				if seen[msg] {
					continue
				}
				seen[msg] = true
				other := a.Name
				if overridden[a.Name] && !overridden[prev] {
					other = prev
				}
				msg += ": rebind one of them"
				if free := k.freeKey(other, key); free != "" {
					msg += fmt.Sprintf(", e.g. keys: {%s: [%s]}", other, showKey(free))
				}
				out = append(out, msg)
			}
		}
	}
	return out
}

// freeKey suggests a key for action name, near taken (the other case,
// then alt+), that no action active alongside it uses; "" if none is.
func (k KeyMap) freeKey(name, taken string) string {
	acts := k.actions()
	var self action
	for _, a := range acts {
		if a.Name == name {
			self = a
		}
	}
	used := map[string]bool{}
	for _, ctx := range contexts() {
		if !inContext(ctx, self) {
			continue
		}
		for _, a := range acts {
			if inContext(ctx, a) && a.Name != name && a.B.Enabled() {
				for _, key := range a.B.Keys() {
					used[key] = true
				}
			}
		}
	}
	var candidates []string
	if up := strings.ToUpper(taken); up != taken && utf8.RuneCountInString(taken) == 1 {
		candidates = append(candidates, up)
	}
	if low := strings.ToLower(taken); low != taken && utf8.RuneCountInString(taken) == 1 {
		candidates = append(candidates, low)
	}
	candidates = append(candidates, "alt+"+strings.TrimPrefix(taken, "alt+"), "ctrl+"+taken)
	for _, c := range candidates {
		if !used[c] && validKey(c) {
			return c
		}
	}
	return ""
}

func inContext(ctx []string, a action) bool {
	for _, c := range ctx {
		if c == a.Group || c == a.Name {
			return true
		}
	}
	return false
}

// knownKey reports whether k is one of Bubble Tea's names for special keys
// ("ctrl+q", "pgdown"); Apply is rare, so the names are not kept.
func knownKey(k string) bool {
	if k == "" {
		return false
	}
	for t := -512; t < 512; t++ {
		if tea.KeyType(t).String() == k {
			return true
		}
	}
	return false
}

// normalizeKeys checks each key name and maps "space" to Bubble Tea's " ".
func normalizeKeys(keys []string) ([]string, error) {
	out := make([]string, 0, len(keys))
	for _, raw := range keys {
		k := strings.TrimSpace(raw)
		if strings.EqualFold(k, "space") || raw == " " {
			k = " "
		}
		if !validKey(k) {
			return nil, fmt.Errorf("%q is not a key: use one character, a name such as ctrl+q, shift+tab, pgdown or f5, or alt+ one of those", raw)
		}
		out = append(out, k)
	}
	return out, nil
}

func validKey(k string) bool {
	if knownKey(k) {
		return true
	}
	if strings.HasPrefix(k, "alt+") && len(k) > len("alt+") {
		k = strings.TrimPrefix(k, "alt+")
		if knownKey(k) {
			return true
		}
	}
	r, size := utf8.DecodeRuneInString(k)
	return size == len(k) && r != utf8.RuneError && r > ' ' && r != 0x7f
}

func showKey(k string) string {
	if k == " " {
		return "space"
	}
	return k
}

func helpLabel(keys []string) string {
	shown := make([]string, len(keys))
	for i, k := range keys {
		shown[i] = showKey(k)
	}
	return strings.Join(shown, "/")
}

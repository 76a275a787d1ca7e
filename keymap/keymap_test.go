package keymap

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"gopkg.in/yaml.v3"
)

func press(s string) tea.KeyMsg {
	switch s {
	case "ctrl+q":
		return tea.KeyMsg{Type: tea.KeyCtrlQ}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func TestDefaultHasNoConflicts(t *testing.T) {
	if c := Default().Conflicts(); len(c) > 0 {
		t.Fatalf("default key map conflicts: %v", c)
	}
}

func TestEveryActionHasKeysAndHelp(t *testing.T) {
	km := Default()
	for _, a := range km.actions() {
		if len(a.B.Keys()) == 0 || a.B.Help().Key == "" || a.B.Help().Desc == "" {
			t.Errorf("action %q lacks keys or help: %+v", a.Name, a.B.Help())
		}
	}
	names := km.Actions()
	for i := 1; i < len(names); i++ {
		if names[i] == names[i-1] {
			t.Errorf("action name %q used twice", names[i])
		}
	}
}

func TestApplyRebinds(t *testing.T) {
	km := Default()
	if err := km.Apply(map[string][]string{"quit": {"q", "ctrl+q"}, "pause": {"space"}, "wrap": {}}); err != nil {
		t.Fatal(err)
	}
	if !key.Matches(press("ctrl+q"), km.Global.Quit) || !key.Matches(press("q"), km.Global.Quit) {
		t.Error("quit not rebound to q and ctrl+q")
	}
	if got := km.Global.Quit.Help(); got.Key != "q/ctrl+q" || got.Desc != "back / quit at top" {
		t.Errorf("quit help = %+v, want key q/ctrl+q desc %q", got, "back / quit at top")
	}
	if !key.Matches(press(" "), km.Task.Pause) || key.Matches(press("p"), km.Task.Pause) {
		t.Error("pause not moved to space")
	}
	if km.Task.Pause.Help().Key != "space" {
		t.Errorf("pause help key = %q, want space", km.Task.Pause.Help().Key)
	}
	if km.Log.Wrap.Enabled() {
		t.Error("an empty list should unbind wrap")
	}
	// The constructor is not affected: no package state.
	if !key.Matches(press("p"), Default().Task.Pause) {
		t.Error("Default() changed after Apply on another KeyMap")
	}
}

func TestApplyUnknownActionChangesNothing(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{"quit": {"ctrl+q"}, "qiut": {"x"}})
	if err == nil || !strings.Contains(err.Error(), `unknown action "qiut"`) || !strings.Contains(err.Error(), "force_quit") {
		t.Fatalf("error = %v, want unknown action naming qiut and listing known actions", err)
	}
	if !key.Matches(press("q"), km.Global.Quit) {
		t.Error("a failed Apply changed the key map")
	}
}

func TestApplyRejectsBadKeys(t *testing.T) {
	km := Default()
	for _, bad := range []string{"ctlr+q", "", "ab", "alt+"} {
		err := km.Apply(map[string][]string{"quit": {bad}})
		if err == nil || !strings.Contains(err.Error(), "not a key") {
			t.Errorf("key %q: error = %v, want 'not a key'", bad, err)
		}
	}
	for _, good := range []string{"ctrl+q", "alt+x", "f5", "alt+pgdown", "insert", "é"} {
		if err := km.Apply(map[string][]string{"help": {good}}); err != nil {
			t.Errorf("key %q rejected: %v", good, err)
		}
	}
}

func TestApplyRejectsConflicts(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{"search": {"q"}})
	if err == nil || !strings.Contains(err.Error(), `"q" is bound to both "quit" and "search"`) {
		t.Fatalf("error = %v, want a conflict between quit and search", err)
	}
	// Keys may repeat across groups that are never active together.
	if err := km.Apply(map[string][]string{"timestamps": {"v"}}); err != nil {
		t.Fatalf("log and config keys share no context, got %v", err)
	}
}

// A conflict says how to fix it: rebind the action the operator did not
// touch, to a key that is free where it is active.
func TestConflictSaysHowToFix(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{"quit": {"x"}})
	want := `key "x" is bound to both "quit" and "reset": rebind one of them, e.g. keys: {reset: [X]}`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v\nwant it to contain %s", err, want)
	}
	// The suggestion itself is accepted.
	if err := km.Apply(map[string][]string{"quit": {"x"}, "reset": {"X"}}); err != nil {
		t.Fatalf("the suggested fix fails: %v", err)
	}
	// When X is taken too, it suggests another free key.
	km = Default()
	err = km.Apply(map[string][]string{"search": {"n"}})
	if err == nil || !strings.Contains(err.Error(), `rebind one of them, e.g. keys: {next_match: [alt+n]}`) {
		t.Fatalf("error = %v, want a suggestion for next_match", err)
	}
}

func TestOverridesDecode(t *testing.T) {
	var y struct {
		Keys Overrides `yaml:"keys"`
	}
	if err := yaml.Unmarshal([]byte("keys:\n  quit: [q, ctrl+q]\n  help: h\n"), &y); err != nil {
		t.Fatal(err)
	}
	if strings.Join(y.Keys["quit"], ",") != "q,ctrl+q" || strings.Join(y.Keys["help"], ",") != "h" {
		t.Fatalf("yaml overrides = %v", y.Keys)
	}
	if err := yaml.Unmarshal([]byte("keys:\n  quit: {a: b}\n"), &y); err == nil || !strings.Contains(err.Error(), "quit") {
		t.Fatalf("yaml map value error = %v", err)
	}
	var j Overrides
	if err := json.Unmarshal([]byte(`{"quit":"ctrl+q","help":["f1","?"]}`), &j); err != nil {
		t.Fatal(err)
	}
	if strings.Join(j["quit"], ",") != "ctrl+q" || len(j["help"]) != 2 {
		t.Fatalf("json overrides = %v", j)
	}
	km := Default()
	if err := km.Apply(j); err != nil {
		t.Fatal(err)
	}
}

func TestHelpGroupsCoverBindings(t *testing.T) {
	km := Default()
	count := func(cols [][]key.Binding) int {
		n := 0
		for _, c := range cols {
			n += len(c)
		}
		return n
	}
	groups := map[string]int{}
	for _, a := range km.actions() {
		if a.Name != "agent_log" { // the logs pane words it itself
			groups[a.Group]++
		}
	}
	full := map[string]int{
		"global": count(km.Global.FullHelp()), "nav": count(km.Nav.FullHelp()), "agent": count(km.Agent.FullHelp()),
		"item": count(km.Item.FullHelp()), "config": count(km.Config.FullHelp()), "task": count(km.Task.FullHelp()),
		"log": count(km.Log.FullHelp()), "dialog": count(km.Dialog.FullHelp()), "form": count(km.Form.FullHelp()),
		"choose": count(km.Choose.FullHelp()), "palette": count(km.Palette.FullHelp()),
		"table": count(km.Table.FullHelp()) - 1, "copy": 1, "template": 1, // Copy and Apply: one key each
	}
	for g, n := range groups {
		if full[g] != n {
			t.Errorf("%s FullHelp lists %d bindings, the group has %d", g, full[g], n)
		}
	}
}

func TestKindKeysAndRelabel(t *testing.T) {
	k := Default().Choose
	for in, want := range map[string]string{"i": "ID", "c": "script", "b": "", "esc": ""} {
		if got := k.Kind(press(in)); got != want {
			t.Errorf("Kind(%q) = %q, want %q", in, got, want)
		}
	}
	km := Default()
	r := Relabel(km.Nav.PageUp, "scroll template up")
	if r.Help().Desc != "scroll template up" || r.Help().Key != km.Nav.PageUp.Help().Key || km.Nav.PageUp.Help().Desc != "page up" {
		t.Errorf("Relabel: %+v, original %+v", r.Help(), km.Nav.PageUp.Help())
	}
	if !key.Matches(press("pgup"), r) {
		t.Error("a relabelled binding lost its keys")
	}
	if km.Config.ViewTasks.Help().Desc != "reload tasks doc" {
		t.Errorf("view_tasks help = %q", km.Config.ViewTasks.Help().Desc)
	}
}

// The bindings panes used to hard-code are in the key
// map, can be rebound by name, and conflicts among them are caught.
func TestApplyRebindsPaneKeys(t *testing.T) {
	k := Default()
	err := k.Apply(map[string][]string{
		"agent_log": {"A"}, "open_by_name": {"O"}, "choose_id": {"I"}, "choose_script": {"C"},
		"palette_up": {"ctrl+k"}, "palette_down": {"ctrl+j"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		b    key.Binding
		want string
	}{{k.Log.AgentLog, "A"}, {k.Item.Open, "O"}, {k.Choose.ID, "I"}, {k.Choose.Script, "C"},
		{k.Palette.Up, "ctrl+k"}, {k.Palette.Down, "ctrl+j"}} {
		if got := c.b.Keys(); len(got) != 1 || got[0] != c.want || c.b.Help().Key != c.want {
			t.Errorf("keys %v help %q, want %q", got, c.b.Help().Key, c.want)
		}
	}
	if got := k.Choose.Kind(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("C")}); got != "script" {
		t.Fatalf("Kind(C) = %q", got)
	}
	for _, bad := range []map[string][]string{
		{"choose_id": {"c"}},        // both answers on c
		{"palette_down": {"enter"}}, // the palette's enter runs
		{"agent_log": {"f"}},        // follow
		{"open_by_name": {"n"}},     // new
	} {
		k := Default()
		if err := k.Apply(bad); err == nil {
			t.Errorf("%v: no conflict reported", bad)
		}
	}
}

// The log view's sideways keys are in the key map like every other key:
// rebindable by name, with help, and checked for conflicts.
func TestApplyRebindsSidewaysKeys(t *testing.T) {
	k := Default()
	if !key.Matches(press("h"), k.Log.Left) || !key.Matches(press("l"), k.Log.Right) {
		t.Fatal("default sideways keys are not h and l")
	}
	if err := k.Apply(map[string][]string{"scroll_left": {"<"}, "scroll_right": {">"}}); err != nil {
		t.Fatal(err)
	}
	if !key.Matches(press("<"), k.Log.Left) || key.Matches(press("h"), k.Log.Left) || k.Log.Left.Help() != (key.Help{Key: "<", Desc: "scroll left"}) {
		t.Errorf("scroll_left: keys %v help %+v", k.Log.Left.Keys(), k.Log.Left.Help())
	}
	if !key.Matches(press(">"), k.Log.Right) || key.Matches(press("l"), k.Log.Right) || k.Log.Right.Help() != (key.Help{Key: ">", Desc: "scroll right"}) {
		t.Errorf("scroll_right: keys %v help %+v", k.Log.Right.Keys(), k.Log.Right.Help())
	}
	k = Default()
	err := k.Apply(map[string][]string{"scroll_right": {"f"}})
	if err == nil || !strings.Contains(err.Error(), `"f" is bound to both "follow" and "scroll_right"`) {
		t.Fatalf("error = %v, want a conflict with follow", err)
	}
	if err := k.Apply(map[string][]string{"scroll_left": {"j"}}); err == nil {
		t.Fatal("scroll_left on j (down) not reported as a conflict")
	}
}

// Read-only mode turns the mutating bindings off, so help leaves them
// out, and leaves the others alone.
func TestDisableMutating(t *testing.T) {
	km := Default()
	km.DisableMutating()
	for _, b := range []key.Binding{km.Item.New, km.Item.Delete, km.Task.Reset, km.Task.ResetAll, km.Agent.Shutdown, km.Config.Activate} {
		if b.Enabled() || key.Matches(press(b.Keys()[0]), b) {
			t.Errorf("%s %s still enabled", b.Help().Key, b.Help().Desc)
		}
	}
	for _, b := range []key.Binding{km.Agent.Ping, km.Item.SaveToFile, km.Log.Save, km.Global.Quit, km.Nav.Enter} {
		if !b.Enabled() {
			t.Errorf("%s %s disabled", b.Help().Key, b.Help().Desc)
		}
	}
	if c := km.Conflicts(); len(c) > 0 {
		t.Fatalf("conflicts: %v", c)
	}
}

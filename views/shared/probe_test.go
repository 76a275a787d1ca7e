package shared

import (
	"slices"
	"strings"
	"testing"
)

func row(m *Model, name string) []string {
	for i, it := range m.Rows {
		if it.Name == name {
			m.Picker.SetCursor(i)
			return m.Picker.Selected()
		}
	}
	return nil
}

// Beside the presets the pane lists the IDs and scripts the tasks name,
// each probed in the shared area with the configurations that use it; a
// name the shared area lacks is explained, not read; once saved there it
// is shared.
func TestSharedNamesTheTasksUse(t *testing.T) {
	env, m, r := start(t)
	want := map[string][]string{
		"shared-ops.iic": {"ID", "shared-ops.iic", "yes", "production"},
		"verify.xml":     {"script", "verify.xml", "yes", "production"},
		"protect.xml":    {"script", "protect.xml", "no", "production, staging"},
		"Strict":         {"preset", "Strict", "yes", ""},
	}
	for name, cells := range want {
		if got := row(m, name); !slices.Equal(got, cells) {
			t.Errorf("%s: row %q, want %q", name, got, cells)
		}
	}
	if !strings.Contains(m.View(), "5 in tasks (3 not shared)") {
		t.Fatalf("title:\n%s", m.View())
	}
	row(m, "protect.xml")
	if m.loadSelected() != nil || !strings.Contains(m.View(), "not in the shared area: the tasks of production, staging name it") {
		t.Fatalf("a missing name:\n%s", m.View())
	}
	cl, ctx := env.Common.Client, env.Common.Ctx
	if err := cl.SharedSaveScript(ctx, "protect.xml", "<Script/>"); err != nil {
		t.Fatal(err)
	}
	r.Key("r")
	if got := row(m, "protect.xml"); got[2] != "yes" || !strings.Contains(m.View(), "(2 not shared)") {
		t.Fatalf("after the save: %q\n%s", got, m.View())
	}
	// The filter counts in the title.
	r.Key("/")
	r.Type("iic")
	if n := m.Picker.Len(); n < 3 || n >= 9 || !strings.Contains(m.View(), "showing "+m.CountText()+" ·") && !strings.Contains(m.View(), "showing "+m.CountText()+"\n") {
		t.Fatalf("filtered title:\n%s", m.View())
	}
}

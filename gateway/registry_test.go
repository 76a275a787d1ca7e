package gateway

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

// wantFunctions is the spec's Table 3, by hand: the test keeps its own
// count even where the spec is not beside the repository.
const wantFunctions = 37

func TestRegistryHasThirtySevenUniqueFunctions(t *testing.T) {
	fns := Functions()
	if len(fns) != wantFunctions {
		t.Fatalf("registry has %d functions, want %d", len(fns), wantFunctions)
	}
	seen := map[string]bool{}
	for _, f := range fns {
		low := strings.ToLower(f.Name)
		if seen[low] {
			t.Errorf("%s is listed twice", f.Name)
		}
		seen[low] = true
		if f.Summary == "" || !strings.HasSuffix(f.Summary, ".") {
			t.Errorf("%s: summary %q should be a sentence", f.Name, f.Summary)
		}
	}
	names := FunctionNames()
	if len(names) != wantFunctions || !sort.StringsAreSorted(names) {
		t.Errorf("FunctionNames gives %d names, sorted %v", len(names), sort.StringsAreSorted(names))
	}
	fns[0].Name = "changed"
	if Functions()[0].Name == "changed" {
		t.Error("Functions returns the registry itself, not a copy")
	}
}

func TestRegistryMatchesSpecTable3(t *testing.T) {
	rows := specTable(t, "Table 3")
	code := regexp.MustCompile(`^<code>(\w+)</code>$`)
	var specNames []string
	for _, row := range rows {
		m := code.FindStringSubmatch(row[0])
		if m == nil {
			continue // the header row
		}
		specNames = append(specNames, m[1])
		f, ok := Lookup(m[1])
		if !ok || f.Name != m[1] {
			t.Errorf("spec function %s is missing from the registry (Lookup gave %q, %v)", m[1], f.Name, ok)
			continue
		}
		if f.Summary != row[1] {
			t.Errorf("%s: summary %q, spec says %q", f.Name, f.Summary, row[1])
		}
	}
	if len(specNames) != wantFunctions {
		t.Errorf("spec Table 3 lists %d functions, want %d", len(specNames), wantFunctions)
	}
	for i, f := range Functions() {
		if i < len(specNames) && f.Name != specNames[i] {
			t.Errorf("registry entry %d is %s, spec order has %s", i, f.Name, specNames[i])
		}
	}
}

func TestRegistryLookup(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"configGetID", "configGetID"},
		{"configgetID", "configGetID"},
		{"CONFIGGETID", "configGetID"},
		{"templateGetTask", "templateGetTask"},
		{"tempateGetTask", "templateGetTask"},
		{"TempateGetTask", "templateGetTask"},
	} {
		f, ok := Lookup(c.in)
		if !ok || f.Name != c.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", c.in, f.Name, ok, c.want)
		}
	}
	for _, bad := range []string{"", "configGet", "configGetID ", "agentPing2", "tempate"} {
		if f, ok := Lookup(bad); ok {
			t.Errorf("Lookup(%q) found %s", bad, f.Name)
		}
	}
	for _, f := range Functions() {
		if g, ok := Lookup(f.Name); !ok || g.Name != f.Name {
			t.Errorf("Lookup(%q) does not find itself", f.Name)
		}
	}
}

func TestRegistryArgCount(t *testing.T) {
	for _, c := range []struct {
		name     string
		min, max int
	}{
		{"agentPing", 0, 0},
		{"agentGetStatus", 0, 0},
		{"agentAlter", 2, 2},
		{"hostCloseSession", 1, 1},
		{"configGetID", 2, 2},
		{"configSaveID", 3, 3},
		{"configNewID", 2, -1},
		{"sharedNewID", 1, -1},
		{"hostOpenSession", 1, -1},
		{"templateSaveTask", 1, 1},
	} {
		f, _ := Lookup(c.name)
		if min, max := f.ArgCount(); min != c.min || max != c.max {
			t.Errorf("%s: ArgCount() = %d, %d; want %d, %d", c.name, min, max, c.min, c.max)
		}
	}
}

// Only reads leave the host as it was: the gets, agentPing and
// hostOpenSession (a new session is what read-only mode runs on). Every
// other function, hostCloseSession included, is refused in read-only mode.
func TestRegistryMutatingSet(t *testing.T) {
	for _, f := range Functions() {
		read := strings.Contains(f.Name, "Get") || f.Name == "agentPing" || f.Name == "hostOpenSession"
		if f.Mutates == read {
			t.Errorf("%s: Mutates = %v, want %v", f.Name, f.Mutates, !read)
		}
	}
	if f, _ := Lookup("hostCloseSession"); !f.Mutates || !f.Destructive {
		t.Errorf("hostCloseSession: Mutates %v, Destructive %v; want both", f.Mutates, f.Destructive)
	}
}

func TestRegistryShape(t *testing.T) {
	for _, f := range Functions() {
		for i, a := range f.Args {
			if a.Repeated && i != len(f.Args)-1 {
				t.Errorf("%s: repeated argument %s is not last", f.Name, a.Name)
			}
			if a.Kind == KindSession && (i != 0 || f.Session != SessionFirstArg) {
				t.Errorf("%s: a session argument must be first, and only where the session goes there", f.Name)
			}
		}
		if f.Session == SessionFirstArg && (len(f.Args) == 0 || f.Args[0].Kind != KindSession) {
			t.Errorf("%s: session goes in the first argument, which is not a session", f.Name)
		}
		for _, a := range f.UserArgs() {
			if a.Kind == KindSession {
				t.Errorf("%s: UserArgs includes the session", f.Name)
			}
		}
		// What asks to confirm changes the host, hostCloseSession included
		// (the host forgets the session), so read-only mode refuses it.
		if f.Destructive && !f.Mutates {
			t.Errorf("%s is destructive but does not change anything", f.Name)
		}
	}
	for name, place := range map[string]SessionPlace{"agentPing": SessionNone, "hostOpenSession": SessionNone,
		"agentAlter": SessionFirstArg, "hostCloseSession": SessionFirstArg, "agentStart": SessionElement} {
		if f, _ := Lookup(name); f.Session != place {
			t.Errorf("%s: session place %d, want %d (docs/protocol.md §4)", name, f.Session, place)
		}
	}
	for _, k := range []struct {
		kind ArgKind
		s    string
	}{{KindText, "text"}, {KindXML, "xml"}, {KindBinary, "binary"}, {KindSession, "session"}, {ArgKind(99), "unknown"}} {
		if k.kind.String() != k.s {
			t.Errorf("ArgKind %d String() = %q, want %q", k.kind, k.kind.String(), k.s)
		}
	}
}

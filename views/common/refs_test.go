package common

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestTaskRefsTakesDistinctNamesOfKind(t *testing.T) {
	a := `<Tasks><Task name="a"><Schedule every="1m"/><Action type="protect" source="/s" target="/t"/><ID>x.iic</ID><Script>s.xml</Script></Task>` +
		`<Task name="b"><Schedule every="1m"/><Action type="protect" source="/s" target="/t"/><ID>y.iic</ID></Task></Tasks>`
	b := `<Tasks><Task name="c"><Schedule every="1m"/><Action type="protect" source="/s" target="/t"/><ID>x.iic</ID><Script>t.xml</Script></Task></Tasks>`
	if got := TaskRefs("ID", a, "not xml", b); !slices.Equal(got, []string{"x.iic", "y.iic"}) {
		t.Errorf("IDs = %v", got)
	}
	if got := TaskRefs("script", a, b); !slices.Equal(got, []string{"s.xml", "t.xml"}) {
		t.Errorf("scripts = %v", got)
	}
}

func TestConfirmedKeepsWhatTheHostHas(t *testing.T) {
	have := map[string]bool{"b": true, "c": true}
	get := func(_ context.Context, n string) error {
		if have[n] {
			return nil
		}
		return errors.New("not found")
	}
	if got := Confirmed(context.Background(), []string{"a", "b", "c"}, get); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("Confirmed = %v", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := Confirmed(ctx, []string{"b"}, get); got != nil {
		t.Errorf("after cancel: %v", got)
	}
}

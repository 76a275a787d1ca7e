package common

import "testing"

func TestSelfClose(t *testing.T) {
	for in, want := range map[string]string{
		`<Schedule every="1m"></Schedule>`: `<Schedule every="1m"/>`,
		`<A></A>`:                          `<A/>`,
		`<ID>x</ID>`:                       `<ID>x</ID>`,
		`<Task name="a"><Action type="x"></Action></Task>`: `<Task name="a"><Action type="x"/></Task>`,
		`<A></B>`: `<A></B>`,
	} {
		if got := string(SelfClose([]byte(in))); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

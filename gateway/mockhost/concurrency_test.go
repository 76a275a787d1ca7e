package mockhost

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestFiftyClientsAtOnce has 50 clients log in at once, then save
// distinct scripts and IDs and read status at the same time; afterwards
// every write is readable by another client. Run it under -race.
func TestFiftyClientsAtOnce(t *testing.T) {
	const clients, writes = 50, 4
	h := startHost(t, Config{})
	ctx := context.Background()
	setup := h.login(t)
	ok(t, "config", setup.ConfigCreate(ctx, "shared-load"))
	var wg sync.WaitGroup
	errs := make(chan error, clients*(writes*4+1))
	start := make(chan struct{})
	for i := 0; i < clients; i++ {
		c := h.client(t)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			if _, err := c.Login(ctx, "operator", answers("demo")); err != nil {
				errs <- err
				return
			}
			for j := 0; j < writes; j++ {
				name := fmt.Sprintf("c%02d-%d.xml", i, j)
				if err := c.SharedSaveScript(ctx, name, "<Script>"+name+"</Script>"); err != nil {
					errs <- err
				}
				if err := c.ConfigSaveScript(ctx, "shared-load", name, "<Script>cfg "+name+"</Script>"); err != nil {
					errs <- err
				}
				if err := c.SharedSaveID(ctx, fmt.Sprintf("c%02d-%d.iic", i, j), []byte(name)); err != nil {
					errs <- err
				}
				if _, err := c.AgentGetStatus(ctx); err != nil {
					errs <- err
				}
			}
		}(i)
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	reader := h.login(t)
	for i := 0; i < clients; i++ {
		for j := 0; j < writes; j++ {
			name := fmt.Sprintf("c%02d-%d.xml", i, j)
			if s, err := reader.SharedGetScript(ctx, name); err != nil || s != "<Script>"+name+"</Script>" {
				t.Errorf("shared %s: %q %v", name, s, err)
			}
			if s, err := reader.ConfigGetScript(ctx, "shared-load", name); err != nil || s != "<Script>cfg "+name+"</Script>" {
				t.Errorf("config %s: %q %v", name, s, err)
			}
			if b, err := reader.SharedGetID(ctx, fmt.Sprintf("c%02d-%d.iic", i, j)); err != nil || string(b) != name {
				t.Errorf("ID %s: %q %v", name, b, err)
			}
		}
	}
	if n := h.Auth().Sessions.Len(); n != clients+2 {
		t.Errorf("%d live sessions, want %d", n, clients+2)
	}
}

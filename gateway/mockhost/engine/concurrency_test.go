package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dpconsole/gateway"
)

// TestConcurrentCallers has 50 goroutines call the host at once while the
// scheduler runs, then checks that no write was lost.
func TestConcurrentCallers(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("live", tasksDoc(task("a", `every="1s"`, `<Simulate failRate="0.5"/>`), task("b", `every="2s"`, "")))
	const workers, rounds = 50, 4
	var wg sync.WaitGroup
	ticked := make(chan struct{})
	go func() { // the scheduler runs underneath: about 100 executions
		defer close(ticked)
		for i := 0; i < 100; i++ {
			f.clock.Advance(500 * time.Millisecond)
		}
	}()
	var created sync.Map
	errs := make(chan error, workers*rounds*12)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			cfg := fmt.Sprintf("cfg-%d", w)
			errs <- f.h.ConfigCreate(cfg)
			// Everyone races to create the same configuration: one wins.
			if err := f.h.ConfigCreate("contested"); err == nil {
				created.Store(w, true)
			} else if !errors.Is(err, gateway.ErrExists) {
				errs <- err
			}
			for r := 0; r < rounds; r++ {
				v := fmt.Sprintf("w%d-r%d", w, r)
				errs <- f.h.ConfigSaveScript(cfg, fmt.Sprintf("s%d.xml", r), v)
				errs <- f.h.SharedSaveScript(fmt.Sprintf("%s.xml", v), v)
				errs <- f.h.ConfigSaveID(cfg, "id.iic", []byte(v))
				errs <- f.h.ConfigSaveTasks(cfg, tasksDoc(task("t"+v, `every="1s"`, "")))
				errs <- f.h.TemplateSaveTask(`<Task name="tpl-` + v + `"><Schedule every="1s"/></Task>`)
				errs <- f.h.TaskPause("live", "*")
				errs <- f.h.TaskResume("live", "a")
				if _, err := f.h.AgentGetStatus(); err != nil {
					errs <- err
				}
				if _, err := f.h.TaskGetLog("live", "a"); err != nil {
					errs <- err
				}
				if _, err := f.h.TaskGetStatus("live", "b"); err != nil {
					errs <- err
				}
				if _, err := f.h.ConfigGetList(); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	<-ticked
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	winners := 0
	created.Range(func(any, any) bool { winners++; return true })
	if winners != 1 {
		t.Fatalf("%d goroutines created the same configuration", winners)
	}
	configs, _ := f.h.ConfigGetList()
	if len(configs) != workers+2 {
		t.Fatalf("%d configurations, want %d", len(configs), workers+2)
	}
	templates, _ := f.h.TemplateGetList()
	if len(templates) != workers*rounds {
		t.Fatalf("%d templates, want %d", len(templates), workers*rounds)
	}
	last := rounds - 1
	for w := 0; w < workers; w++ {
		cfg := fmt.Sprintf("cfg-%d", w)
		for r := 0; r < rounds; r++ {
			v := fmt.Sprintf("w%d-r%d", w, r)
			if s, err := f.h.ConfigGetScript(cfg, fmt.Sprintf("s%d.xml", r)); err != nil || s != v {
				t.Fatalf("%s script %d = %q, %v", cfg, r, s, err)
			}
			if s, err := f.h.SharedGetScript(v + ".xml"); err != nil || s != v {
				t.Fatalf("shared script %s = %q, %v", v, s, err)
			}
		}
		if id, _ := f.h.ConfigGetID(cfg, "id.iic"); string(id) != fmt.Sprintf("w%d-r%d", w, last) {
			t.Fatalf("%s ID = %q", cfg, id)
		}
		if doc, _ := f.h.ConfigGetTasks(cfg); !strings.Contains(doc, fmt.Sprintf("tw%d-r%d", w, last)) {
			t.Fatalf("%s tasks = %q", cfg, doc)
		}
	}
}

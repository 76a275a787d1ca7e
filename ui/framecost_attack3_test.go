package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
)

// TestFrameCostDoesNotGrowWithTheDocument: the Configs pane's frame
// with a 10,000-task document must cost about what it costs with 10
// tasks (the viewport shows 40 lines); allocations are counted, not time.
// It fails today: configs.View calls isEmptyTasks, a full XML parse of
// the document, on every frame.
func TestFrameCostDoesNotGrowWithTheDocument(t *testing.T) {
	allocs := map[int]float64{}
	for _, nTasks := range []int{10, 10000} {
		h := startHost(t)
		var doc strings.Builder
		doc.WriteString("<Tasks>\n")
		for i := range nTasks {
			fmt.Fprintf(&doc, `  <Task name="task-%05d" enabled="true"><Description>d</Description><Schedule every="1h"/><ID>operations.iic</ID><Action type="verify" source="/data"/></Task>`+"\n", i)
		}
		doc.WriteString("</Tasks>\n")
		if err := h.Engine().ConfigSaveTasks("production", doc.String()); err != nil {
			t.Fatal(err)
		}
		client, _ := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 30 * time.Second})
		c := sessionCommon(t, t.Context(), client)
		m, p := consoleOn(t, c)
		p.loginAdmin(120, 40)
		p.send(keyMsg("1"))
		p.until("doc", func() bool { return strings.Contains(m.View(), "task-0000") })
		p.settle()
		start := time.Now()
		allocs[nTasks] = testing.AllocsPerRun(5, func() { _ = m.View() })
		t.Logf("%d tasks (%d KB): View %.0f allocs, %s", nTasks, doc.Len()/1024, allocs[nTasks], time.Since(start)/6)
	}
	if allocs[10000] > 3*allocs[10]+1000 {
		t.Errorf("a frame allocates %.0f times with 10,000 tasks, %.0f with 10: View does work in proportion to the document", allocs[10000], allocs[10])
	}
}

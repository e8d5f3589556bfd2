package firstpaint

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ecomdash/charts"
	"ecomdash/charts/render"
	"ecomdash/charts/state"
	"ecomdash/models"
	"ecomdash/seed/seedtest"
)

// fakeRenderer draws an SVG naming the size it was asked for, or what
// answer says.
type fakeRenderer struct {
	calls  atomic.Int32
	answer func(o render.Options) ([]byte, error)
}

func (f *fakeRenderer) SVG(_ context.Context, _ []byte, o render.Options) ([]byte, error) {
	f.calls.Add(1)
	if f.answer != nil {
		return f.answer(o)
	}
	return fmt.Appendf(nil, `<svg width="%d" height="%d" xmlns="http://www.w3.org/2000/svg"><path d="M0 0" class="zr1-cls-0"></path><text>%dx%d %s</text></svg>`,
		o.Width, o.Height, o.Width, o.Height, o.Theme), nil
}

// mapCache is a Cache in a map.
type mapCache struct {
	mu sync.Mutex
	m  map[Key][]byte
}

func (c *mapCache) Get(key Key, draw func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.m[key]; ok {
		return b, nil
	}
	b, err := draw()
	if err != nil {
		return nil, err
	}
	c.m[key] = b
	return b, nil
}

func (c *mapCache) Contains(key Key) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[key]
	return ok
}

func newPainter(r Renderer) (*Painter, *mapCache) {
	c := &mapCache{m: map[Key][]byte{}}
	return NewPainter(r, c, nil, time.Second), c
}

func chart(id, title string) *charts.Chart {
	return &charts.Chart{Spec: &charts.Spec{ID: id}, Option: []byte(`{"title":{"text":"` + title + `"}}`)}
}

func TestPaintDrawsEachBoxSizeOnceAndCachesIt(t *testing.T) {
	r := &fakeRenderer{}
	p, _ := newPainter(r)
	cs := []*charts.Chart{chart("a", "A"), chart("b", "B")}
	jobs := append(Jobs(cs, Card), Job{Chart: chart("c", "C"), Class: Large})

	if n, err := p.Uncached(charts.View{}, jobs); err != nil || n != 6 {
		t.Errorf("Uncached before = %d, %v; want 6 (two sizes of three charts)", n, err)
	}
	got := p.Paint(context.Background(), charts.View{}, jobs)
	if len(got) != 3 || r.calls.Load() != 6 {
		t.Fatalf("%d first paints from %d renders, want 3 from 6", len(got), r.calls.Load())
	}
	for id, want := range map[string][2]string{"a": {"640x400", "360x400"}, "c": {"1040x560", "360x480"}} {
		fp := got[id]
		if !strings.Contains(string(fp.Wide), want[0]) || !strings.Contains(string(fp.Narrow), want[1]) {
			t.Errorf("%s: wide %q narrow %q; want %s and %s", id, fp.Wide, fp.Narrow, want[0], want[1])
		}
		if !strings.HasPrefix(string(fp.Wide), `<svg width="100%" height="100%"`) || strings.Contains(string(fp.Wide), "zr1-") {
			t.Errorf("%s: the SVG was not made page-ready: %q", id, fp.Wide)
		}
	}
	if got["a"].Wide == got["a"].Narrow {
		t.Error("wide and narrow are the same SVG")
	}

	if n, err := p.Uncached(charts.View{}, jobs); err != nil || n != 0 {
		t.Errorf("Uncached after = %d, %v; want 0", n, err)
	}
	p.Paint(context.Background(), charts.View{}, jobs)
	if r.calls.Load() != 6 {
		t.Errorf("%d renders after painting again, want the cached 6", r.calls.Load())
	}
	if n, _ := p.Uncached(charts.View{Theme: "dark"}, jobs); n != 6 {
		t.Errorf("Uncached in the dark theme = %d, want 6: another theme is another drawing", n)
	}
}

// A chart the renderer cannot draw, or whose SVG is refused, gets no first
// paint, and the other charts of the page still do; nothing is cached.
func TestPaintLeavesOutWhatItCannotDraw(t *testing.T) {
	for name, answer := range map[string]func(o render.Options) ([]byte, error){
		"render fails": func(render.Options) ([]byte, error) { return nil, render.ErrBusy },
		"not an SVG":   func(render.Options) ([]byte, error) { return []byte("svg 640x400"), nil },
	} {
		t.Run(name, func(t *testing.T) {
			r := &fakeRenderer{}
			p, cache := newPainter(r)
			bad := chart("bad", "Bad")
			r.answer = func(o render.Options) ([]byte, error) {
				if o.Height == 560 { // the large box: the bad chart
					return answer(o)
				}
				return (&fakeRenderer{}).SVG(context.Background(), nil, o)
			}
			jobs := []Job{{Chart: bad, Class: Large}, {Chart: chart("good", "Good"), Class: Card}}
			got := p.Paint(context.Background(), charts.View{}, jobs)
			if _, ok := got["bad"]; ok || len(got) != 1 {
				t.Errorf("first paints %v, want only the good chart's", got)
			}
			if len(cache.m) != 2 {
				t.Errorf("%d SVGs cached, want the good chart's 2", len(cache.m))
			}
		})
	}
}

// End to end with the real renderer: a chart whose title the old
// sanitiser refused (" online =" looked like an event handler; a
// </script>) is drawn, its title in the SVG as a text.
func TestPaintDrawsHostileLookingTitles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the renderer")
	}
	db := seedtest.Open(t, "")
	st, err := state.Parse("metrics=online_retail_sales&regions=330800,330000&periods=2012")
	if err != nil {
		t.Fatal(err)
	}
	const title = `网络零售 online = 5% </script><script>alert(1)</script>`
	c, err := charts.BuildState(db, st, title)
	if err != nil {
		t.Fatal(err)
	}
	r := render.NewLazy(1, 1<<30)
	t.Cleanup(func() { _ = r.Close() })
	p, _ := newPainter(r)
	p.timeout = time.Minute
	fp, ok := p.Paint(context.Background(), charts.View{}, []Job{{Chart: c, Class: Large}})[c.Spec.ID]
	if !ok {
		t.Fatal("no first paint")
	}
	if wide := string(fp.Wide); !strings.Contains(wide, "网络零售 online = 5% &lt;/script&gt;&lt;script&gt;alert(1)") {
		t.Errorf("the title is not in the first paint as a text: %.2000s", wide)
	}
	for _, svg := range []string{string(fp.Wide), string(fp.Narrow)} {
		if !strings.Contains(svg, "网络零售") || strings.Contains(svg, "<script") {
			t.Errorf("the narrow first paint lacks the title or holds markup: %.2000s", svg)
		}
	}
}

// A chart of more figures than MaxPaintedFigures gets no first paint and
// costs no render (the script draws it); one at the bound is painted.
func TestPaintLeavesLargeChartsToTheScript(t *testing.T) {
	r := &fakeRenderer{}
	p, _ := newPainter(r)
	atBound, over := chart("bound", "B"), chart("over", "O")
	atBound.Observations = make([]models.Observation, MaxPaintedFigures)
	over.Observations = make([]models.Observation, MaxPaintedFigures+1)
	jobs := []Job{{Chart: atBound, Class: Large}, {Chart: over, Class: Large}}
	if n, err := p.Uncached(charts.View{}, jobs); err != nil || n != 2 {
		t.Errorf("Uncached = %d, %v; want 2 (the chart at the bound's two sizes)", n, err)
	}
	got := p.Paint(context.Background(), charts.View{}, jobs)
	if _, ok := got["over"]; ok || got["bound"].Wide == "" || r.calls.Load() != 2 {
		t.Errorf("painted %v with %d renders; want only the chart at the bound, 2 renders", slices.Collect(maps.Keys(got)), r.calls.Load())
	}
}

package render

import (
	"context"
	"errors"
	"testing"
)

func TestLazyStartsOnFirstRenderAndStaysClosed(t *testing.T) {
	opt := []byte(`{"series":[{"type":"bar","data":[1,2,3]}],"xAxis":{"type":"category","data":["a","b","c"]},"yAxis":{}}`)
	size := Options{Width: 320, Height: 200, Scale: 1, Theme: "light"}

	l := NewLazy(2, 1<<30)
	if s := l.Stats(); s != (PoolStats{}) {
		t.Errorf("stats before the first render: %+v, want zero", s)
	}
	if _, err := l.SVG(context.Background(), opt, size); err != nil {
		t.Fatal(err)
	}
	if s := l.Stats(); s.Size != 2 || s.MemoryBudget != 1<<30 {
		t.Errorf("stats once started: %+v, want 2 VMs and the budget", s)
	}
	if _, err := l.PNG(context.Background(), opt, size); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.SVG(context.Background(), opt, size); !errors.Is(err, ErrClosed) {
		t.Errorf("render after Close: %v, want ErrClosed", err)
	}

	unused := NewLazy(1, 1<<30)
	if err := unused.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := unused.PNG(context.Background(), opt, size); !errors.Is(err, ErrClosed) {
		t.Errorf("render after Close, never started: %v, want ErrClosed", err)
	}
	if s := unused.Stats(); s != (PoolStats{}) {
		t.Errorf("a renderer closed before its first render started: %+v", s)
	}
}

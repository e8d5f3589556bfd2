package render

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// A render that could not finish before its deadline, by the renderer's
// learned rates and the work admitted ahead of it, is refused at once with
// ErrBusy: it never takes a VM (the only one is held here, so a render that
// tried would wait out its deadline) and never starts to be interrupted.
func TestARenderThatCannotFinishInTimeIsRefusedBeforeItStarts(t *testing.T) {
	r := newRenderer(t, 1)
	vm, err := r.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer r.release(vm, false)
	opt := []byte(`{"series":[]}`)
	o := Options{Width: 400, Height: 300, Scale: 1}

	// its own estimate: 0.5 s per option byte, 6.5 s (under MaxRenderTime)
	r.svgRate.nanos.Store(int64(time.Second / 2))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	t0 := time.Now()
	_, err = r.SVG(ctx, opt, o)
	if !errors.Is(err, ErrBusy) || time.Since(t0) > time.Second {
		t.Errorf("a %s render with 5 s left: %v after %s, want ErrBusy at once", r.svgRate.cost(int64(len(opt))), err, time.Since(t0))
	}
	// the work ahead of it: 20 s of drawing admitted on the one VM
	r.svgRate.nanos.Store(1)
	r.queued.Store(int64(20 * time.Second))
	t0 = time.Now()
	if _, err = r.PNG(ctx, opt, o); !errors.Is(err, ErrBusy) || time.Since(t0) > time.Second {
		t.Errorf("a PNG behind 20 s of work with 5 s left: %v after %s, want ErrBusy at once", err, time.Since(t0))
	}
	if got := time.Duration(r.queued.Load()); got != 20*time.Second {
		t.Errorf("the refused renders left %s queued, want the 20 s there before", got)
	}
	// past MaxRenderTime no wait would help
	r.queued.Store(0)
	r.pngRate.nanos.Store(int64(MaxRenderTime))
	if _, err = r.PNG(context.Background(), opt, o); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a PNG estimated over MaxRenderTime: %v, want ErrTooLarge", err)
	}
}

// The rates follow what renders measure: a renderer started with a rate a
// thousand times too slow draws, and learns a rate that admits the render
// again.
func TestRendersTeachTheRates(t *testing.T) {
	r := newRenderer(t, 1)
	opt := []byte(fmt.Sprintf(`{"title":{"text":"学习"},"xAxis":{"type":"category","data":["a","b"]},"yAxis":{},"series":[{"type":"bar","data":[1,2]}],"padding":"%0900d"}`, 0))
	o := Options{Width: 600, Height: 400, Scale: 1}
	r.svgRate.nanos.Store(startNanosPerOptionByte * 1000)
	r.pngRate.nanos.Store(startNanosPerPixel * 1000)
	before := r.svgRate.cost(int64(len(opt))) + r.pngRate.cost(600*400)
	for range 12 {
		if _, err := r.PNG(context.Background(), opt, o); err != nil {
			t.Fatal(err)
		}
	}
	after := r.svgRate.cost(int64(len(opt))) + r.pngRate.cost(600*400)
	if after > before/10 {
		t.Errorf("estimate %s before twelve renders and %s after; want it to fall toward what they took", before, after)
	}
	if r.queued.Load() != 0 {
		t.Errorf("%s still queued after the renders finished", time.Duration(r.queued.Load()))
	}
}

// An engine stopped at its EvalTimeout, or a deadline reached while waiting
// for a VM, is the server being busy (ErrBusy, a 503), not a failure.
func TestOverrunsAreBusyNotFailures(t *testing.T) {
	interrupted := errors.New("render: echarts: InternalError: interrupted")
	if err := overrun(context.Background(), interrupted); !errors.Is(err, ErrBusy) {
		t.Errorf("interrupted: %v, want ErrBusy", err)
	}
	if err := overrun(context.Background(), context.DeadlineExceeded); !errors.Is(err, ErrBusy) {
		t.Errorf("deadline: %v, want ErrBusy", err)
	}
	other := errors.New("render: echarts: TypeError: option is not a JSON object")
	if err := overrun(context.Background(), other); errors.Is(err, ErrBusy) {
		t.Errorf("a bad option became ErrBusy: %v", err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if err := overrun(gone, context.Canceled); errors.Is(err, ErrBusy) {
		t.Errorf("a client that left became ErrBusy: %v", err)
	}
}

package render

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// Admission: a render is refused before it starts when it could not finish
// in time, never interrupted into a failure half-way. Its time is estimated
// from its size, at rates the renderer learns from the renders it has
// drawn: the drawing (ECharts, per byte of option) and, for a PNG, the
// rasterising (per pixel). The work already admitted and not finished,
// shared among the VMs, is the wait ahead of it.
//
//   - A render whose own estimate exceeds MaxRenderTime is ErrTooLarge: no
//     amount of waiting makes it fit (the chart size limits keep every
//     state far below it; it guards the renderer itself).
//   - A render whose wait plus estimate would pass its context's deadline
//     is ErrBusy at once (HTTP 503 with Retry-After): the server is busy
//     now, and the same request will draw when it is not.
//   - A render that still overruns (the engine's own EvalTimeout, or the
//     deadline while it waits for a VM) is ErrBusy too, not an internal
//     error.

// MaxRenderTime is the longest a render may be estimated to take.
const MaxRenderTime = 10 * time.Second

// ErrTooLarge is a render refused because its estimated time alone exceeds
// MaxRenderTime.
var ErrTooLarge = errors.New("render: the image is too large to draw in time")

// Starting rates, measured on a 2-core machine (a line of 976 points: a
// 188 KB option drawn in 0.18 s; a 1200×675 PNG at scale 2, 3.2 million
// pixels, rasterised in about 0.05 s), rounded up; each render then moves
// the rate a quarter of the way to what it measured.
const (
	startNanosPerOptionByte = 1500
	startNanosPerPixel      = 25
)

// rate is a learned cost per unit (nanoseconds), safe for concurrent use.
type rate struct{ nanos atomic.Int64 }

func newRate(start int64) *rate {
	r := &rate{}
	r.nanos.Store(start)
	return r
}

// cost is the estimated time of units units.
func (r *rate) cost(units int64) time.Duration { return time.Duration(r.nanos.Load() * units) }

// learn moves the rate a quarter of the way to took/units. Renders too
// small to measure (under 1,000 units or 1 ms) teach nothing: their fixed
// costs would dominate.
func (r *rate) learn(units int64, took time.Duration) {
	if units < 1000 || took < time.Millisecond {
		return
	}
	measured := int64(took) / units
	old := r.nanos.Load()
	r.nanos.Store(old + (measured-old)/4)
}

// admit reserves est of the renderer's time for a render of ctx, or refuses
// it (see the rules above). The returned func hands it back.
func (r *Renderer) admit(ctx context.Context, est time.Duration) (func(), error) {
	if est > MaxRenderTime {
		return nil, fmt.Errorf("%w: estimated %.1f s, at most %.0f s", ErrTooLarge, est.Seconds(), MaxRenderTime.Seconds())
	}
	ahead := time.Duration(r.queued.Add(int64(est))-int64(est)) / time.Duration(cap(r.pool))
	if deadline, ok := ctx.Deadline(); ok && time.Now().Add(ahead+est).After(deadline) {
		r.queued.Add(-int64(est))
		return nil, fmt.Errorf("%w: %.1f s of drawing ahead of a %.1f s render, %.1f s left", ErrBusy,
			ahead.Seconds(), est.Seconds(), time.Until(deadline).Seconds())
	}
	return func() { r.queued.Add(-int64(est)) }, nil
}

// isInterrupted reports whether err is the JS engine stopping a render at
// its EvalTimeout.
func isInterrupted(err error) bool {
	return err != nil && strings.Contains(err.Error(), "InternalError: interrupted")
}

// overrun turns a render that ran out of time into ErrBusy.
func overrun(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || (ctx.Err() == nil && isInterrupted(err)) {
		return fmt.Errorf("%w: %w", ErrBusy, err)
	}
	return err
}

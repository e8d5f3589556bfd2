// Package render draws chart options as SVG and PNG on the server, without a
// browser: the same ECharts build the pages load runs in SSR mode inside an
// embedded JavaScript engine (modernc.org/quickjs, pure Go) and produces SVG;
// PNG is rasterised from that SVG in Go, with text drawn in the shipped Noto
// Sans SC face (static/fonts), so Chinese renders on a host with no fonts.
package render

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/semaphore"
)

// Options say how big an image is and in which theme.
type Options struct {
	// Width and Height are the chart size in CSS px (the caller validates
	// 320–3000).
	Width, Height int
	// Scale multiplies the pixel size of a PNG (1–3); SVG ignores it.
	Scale float64
	// Theme is "light" or "dark".
	Theme string
}

// ErrClosed is returned by renders on a closed Renderer.
var ErrClosed = errors.New("render: renderer is closed")

// ErrBusy is returned by a render that waited MemoryWait for its share of
// the memory budget without getting it, or that could not finish before
// its deadline with the work ahead of it (see admit.go): the caller should
// ask again later (HTTP 503 with Retry-After).
var ErrBusy = errors.New("render: memory budget in use, try again shortly")

// Drawing memory. A PNG render holds its pixels (RGBA, 4 bytes each), the
// rasteriser's coverage accumulator (4 more), a coverage mask and the PNG
// encoder's rows at once, and the garbage collector lets freed buffers
// linger while the next render allocates: about 11 bytes of process memory
// per pixel, measured with 8 concurrent 4000×2250 renders, so
// PNGBytesPerPixel rounds up.
const (
	PNGBytesPerPixel = 12
	// MemoryWait bounds how long a render waits for its share of the budget.
	MemoryWait = 15 * time.Second
	// freeAfterBytes and freeAfterIdle: once the renders drawn since memory
	// was last handed back total freeAfterBytes and none has run for
	// freeAfterIdle, the freed drawing buffers go back to the system
	// (debug.FreeOSMemory), so a burst of large images does not leave the
	// process holding them.
	freeAfterBytes = 64 << 20
	freeAfterIdle  = time.Second
)

// Renderer renders chart options. It holds a pool of JS VMs, each with
// ECharts loaded from bytecode compiled once per process. It is safe for
// concurrent use.
type Renderer struct {
	fonts *fontFamily
	pool  chan *jsVM // idle VMs; a nil entry is a slot whose VM failed and must be remade

	// memory bounds the bytes renders may hold at once (see
	// PNGBytesPerPixel); budget is its size, inUse what renders hold now
	// and drawn what they held since memory was last handed back.
	memory       *semaphore.Weighted
	budget       int64
	inUse, drawn atomic.Int64
	wait         time.Duration // MemoryWait
	idleMu       sync.Mutex
	idle         *time.Timer // runs freeIfIdle once renders stop

	mu     sync.Mutex
	closed bool
	done   chan struct{}

	waiting atomic.Int64 // renders waiting for a free VM

	// queued is the estimated time of the renders admitted and not
	// finished; svgRate and pngRate are the learned costs of drawing (per
	// option byte) and rasterising (per pixel). See admit.go.
	queued           atomic.Int64
	svgRate, pngRate *rate
}

// PoolStats describes the VM pool and the drawing memory at one moment.
type PoolStats struct {
	// Size is the number of VM slots.
	Size int
	// Busy is the number of VMs rendering.
	Busy int
	// Waiting is the number of renders queued for a free VM.
	Waiting int
	// MemoryInUse is the drawing memory renders hold now (estimated, see
	// PNGBytesPerPixel); MemoryBudget is its bound.
	MemoryInUse, MemoryBudget int64
}

// Stats reports the VM pool's use, for metrics.
func (r *Renderer) Stats() PoolStats {
	size := cap(r.pool)
	return PoolStats{Size: size, Busy: size - len(r.pool), Waiting: int(r.waiting.Load()),
		MemoryInUse: r.inUse.Load(), MemoryBudget: r.budget}
}

// New returns a Renderer with poolSize VMs (at least 1) whose renders
// hold at most memoryBudget bytes of drawing memory at once (at least what
// one 1000×1000 render needs).
func New(poolSize int, memoryBudget int64) (*Renderer, error) {
	if poolSize < 1 {
		poolSize = 1
	}
	memoryBudget = max(memoryBudget, 1000*1000*PNGBytesPerPixel)
	m, err := loadFontFamily()
	if err != nil {
		return nil, err
	}
	r := &Renderer{fonts: m, pool: make(chan *jsVM, poolSize), done: make(chan struct{}),
		memory: semaphore.NewWeighted(memoryBudget), budget: memoryBudget, wait: MemoryWait,
		svgRate: newRate(startNanosPerOptionByte), pngRate: newRate(startNanosPerPixel)}
	for i := 0; i < poolSize; i++ {
		vm, err := newJSVM(m)
		if err != nil {
			_ = r.Close()
			return nil, err
		}
		r.pool <- vm
	}
	return r, nil
}

// acquire takes a VM from the pool, waiting until one is free or ctx ends.
func (r *Renderer) acquire(ctx context.Context) (*jsVM, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.waiting.Add(1)
	defer r.waiting.Add(-1)
	select {
	case vm := <-r.pool:
		if vm == nil {
			var err error
			if vm, err = newJSVM(r.fonts); err != nil {
				r.pool <- nil
				return nil, err
			}
		}
		return vm, nil
	case <-ctx.Done():
		return nil, overrun(ctx, ctx.Err())
	case <-r.done:
		return nil, ErrClosed
	}
}

// release returns vm to the pool; a VM whose render failed is closed and its
// slot refilled with a fresh VM on next use, so a failure cannot leave
// ECharts state behind for the next render.
func (r *Renderer) release(vm *jsVM, failed bool) {
	if failed {
		vm.close()
		vm = nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		if vm != nil {
			vm.close()
		}
		return
	}
	r.pool <- vm // never blocks: the pool holds one entry per slot
}

// SVGBytesPerOptionByte is the drawing memory an SVG render is charged per
// byte of its option: the engine's parse of the option, ECharts' scene and
// the SVG text. A 188 KB option (a line of 976 points) raised the process's
// peak by about 4 MB, 22 bytes a byte, rounded up here.
const SVGBytesPerOptionByte = 32

// svgString runs ECharts on option, holding its share of the drawing memory
// while it does. The caller has admitted it.
func (r *Renderer) svgString(ctx context.Context, option []byte, o Options) (string, error) {
	if o.Width <= 0 || o.Height <= 0 {
		return "", fmt.Errorf("render: bad size %dx%d", o.Width, o.Height)
	}
	release, err := r.reserve(ctx, max(int64(len(option))*SVGBytesPerOptionByte, 1<<20))
	if err != nil {
		return "", err
	}
	defer release()
	vm, err := r.acquire(ctx)
	if err != nil {
		return "", err
	}
	t0 := time.Now()
	svg, err := vm.svg(option, o.Width, o.Height, o.Theme, themeBackground(option, o.Theme))
	r.release(vm, err != nil)
	if err != nil {
		return "", overrun(ctx, err)
	}
	r.svgRate.learn(int64(len(option)), time.Since(t0))
	return xmlSafe(svg), nil
}

// xmlSafe drops from svg what XML 1.0 cannot carry (control characters but
// tab, line feed and carriage return; U+FFFE and U+FFFF; invalid UTF-8) and
// the bidirectional controls U+202A–U+202E and U+2066–U+2069, which have no
// glyph. ECharts escapes markup but passes these through from the data, and
// one of them in a stored name would make the SVG ill-formed and the PNG
// fail for every visitor. The writes refuse them; this keeps data stored
// before that, or written around the app, from breaking images.
func xmlSafe(svg string) string {
	clean := utf8.ValidString(svg) && !strings.ContainsAny(svg, "\uFFFE\uFFFF\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069")
	for i := 0; i < len(svg) && clean; i++ {
		b := svg[i]
		clean = (b >= 0x20 && b != 0x7f) || b == '\t' || b == '\n' || b == '\r'
	}
	if clean {
		return svg
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f,
			r == 0xFFFE, r == 0xFFFF, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, strings.ToValidUTF8(svg, ""))
}

// SVG renders option as an SVG document of o.Width×o.Height.
func (r *Renderer) SVG(ctx context.Context, option []byte, o Options) ([]byte, error) {
	done, err := r.admit(ctx, r.svgRate.cost(int64(len(option))))
	if err != nil {
		return nil, err
	}
	defer done()
	svg, err := r.svgString(ctx, option, o)
	if err != nil {
		return nil, err
	}
	return []byte(svg), nil
}

// PNG renders option as a PNG of o.Width*o.Scale × o.Height*o.Scale pixels.
func (r *Renderer) PNG(ctx context.Context, option []byte, o Options) ([]byte, error) {
	if o.Scale <= 0 {
		o.Scale = 1
	}
	pixels := int64(math.Ceil(float64(o.Width)*o.Scale)) * int64(math.Ceil(float64(o.Height)*o.Scale))
	done, err := r.admit(ctx, r.svgRate.cost(int64(len(option)))+r.pngRate.cost(pixels))
	if err != nil {
		return nil, err
	}
	defer done()
	svg, err := r.svgString(ctx, option, o)
	if err != nil {
		return nil, err
	}
	release, err := r.reserve(ctx, pixels*PNGBytesPerPixel)
	if err != nil {
		return nil, err
	}
	defer release()
	t0 := time.Now()
	png, err := encodeSVG(svg, o, r.fonts)
	if err == nil {
		r.pngRate.learn(pixels, time.Since(t0))
	}
	return png, err
}

// reserve waits, up to MemoryWait or ctx's end, for bytes of drawing memory
// (more than the whole budget takes the whole budget, so the render draws
// alone). The returned func gives it back.
func (r *Renderer) reserve(ctx context.Context, bytes int64) (func(), error) {
	cost := min(bytes, r.budget)
	waitCtx, cancel := context.WithTimeout(ctx, r.wait)
	defer cancel()
	if err := r.memory.Acquire(waitCtx, cost); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, ErrBusy
	}
	r.inUse.Add(cost)
	return func() {
		r.memory.Release(cost)
		r.drawn.Add(cost)
		if r.inUse.Add(-cost) == 0 && r.drawn.Load() >= freeAfterBytes {
			r.idleMu.Lock()
			if r.idle == nil {
				r.idle = time.AfterFunc(freeAfterIdle, r.freeIfIdle)
			} else {
				r.idle.Reset(freeAfterIdle)
			}
			r.idleMu.Unlock()
		}
	}, nil
}

// freeIfIdle hands the drawing buffers of a finished burst back to the
// system, unless renders started again.
func (r *Renderer) freeIfIdle() {
	if r.inUse.Load() == 0 && r.drawn.Swap(0) >= freeAfterBytes {
		debug.FreeOSMemory()
	}
}

// Close releases the VMs. Renders waiting for a VM return ErrClosed; renders
// in progress finish and their VMs are then closed.
func (r *Renderer) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	defer r.mu.Unlock()
	r.closed = true
	close(r.done)
	for {
		select {
		case vm := <-r.pool:
			if vm != nil {
				vm.close()
			}
		default:
			return nil
		}
	}
}

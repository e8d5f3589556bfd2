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
	"sync"
	"sync/atomic"
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

// Renderer renders chart options. It holds a pool of JS VMs, each with
// ECharts loaded from bytecode compiled once per process. It is safe for
// concurrent use.
type Renderer struct {
	fonts *fontFamily
	pool  chan *jsVM // idle VMs; a nil entry is a slot whose VM failed and must be remade

	mu     sync.Mutex
	closed bool
	done   chan struct{}

	waiting atomic.Int64 // renders waiting for a free VM
}

// PoolStats describes the VM pool at one moment.
type PoolStats struct {
	// Size is the number of VM slots.
	Size int
	// Busy is the number of VMs rendering.
	Busy int
	// Waiting is the number of renders queued for a free VM.
	Waiting int
}

// Stats reports the VM pool's use, for metrics.
func (r *Renderer) Stats() PoolStats {
	size := cap(r.pool)
	return PoolStats{Size: size, Busy: size - len(r.pool), Waiting: int(r.waiting.Load())}
}

// New returns a Renderer with poolSize VMs (at least 1).
func New(poolSize int) (*Renderer, error) {
	if poolSize < 1 {
		poolSize = 1
	}
	m, err := loadFontFamily()
	if err != nil {
		return nil, err
	}
	r := &Renderer{fonts: m, pool: make(chan *jsVM, poolSize), done: make(chan struct{})}
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
		return nil, ctx.Err()
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

// svgString runs ECharts on option.
func (r *Renderer) svgString(ctx context.Context, option []byte, o Options) (string, error) {
	if o.Width <= 0 || o.Height <= 0 {
		return "", fmt.Errorf("render: bad size %dx%d", o.Width, o.Height)
	}
	vm, err := r.acquire(ctx)
	if err != nil {
		return "", err
	}
	svg, err := vm.svg(option, o.Width, o.Height, o.Theme, themeBackground(option, o.Theme))
	r.release(vm, err != nil)
	return svg, err
}

// SVG renders option as an SVG document of o.Width×o.Height.
func (r *Renderer) SVG(ctx context.Context, option []byte, o Options) ([]byte, error) {
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
	svg, err := r.svgString(ctx, option, o)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return encodeSVG(svg, o, r.fonts)
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

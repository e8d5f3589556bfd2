package render

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// Lazy is a Renderer started on its first render, not when it is made:
// loading ECharts into the JS VMs takes longer than the rest of a server's
// start-up, and most processes (tests, the seed command) never draw an
// image. It is safe for concurrent use.
type Lazy struct {
	poolSize     int
	memoryBudget int64

	once    sync.Once
	r       *Renderer
	err     error
	started atomic.Pointer[Renderer] // r once it is running, for Stats
}

// NewLazy returns a Lazy that starts New(poolSize, memoryBudget) on first
// use.
func NewLazy(poolSize int, memoryBudget int64) *Lazy {
	return &Lazy{poolSize: poolSize, memoryBudget: memoryBudget}
}

// renderer starts the Renderer on the first call and returns it. A failed
// start is not retried: every later call returns the same error.
func (l *Lazy) renderer() (*Renderer, error) {
	l.once.Do(func() {
		l.r, l.err = New(l.poolSize, l.memoryBudget)
		if l.err != nil {
			l.err = fmt.Errorf("start image renderer: %w", l.err)
			return
		}
		l.started.Store(l.r)
	})
	return l.r, l.err
}

// SVG renders option as an SVG document (see Renderer.SVG), starting the
// Renderer if it is not running yet.
func (l *Lazy) SVG(ctx context.Context, option []byte, o Options) ([]byte, error) {
	r, err := l.renderer()
	if err != nil {
		return nil, err
	}
	return r.SVG(ctx, option, o)
}

// PNG renders option as a PNG (see Renderer.PNG), starting the Renderer if
// it is not running yet.
func (l *Lazy) PNG(ctx context.Context, option []byte, o Options) ([]byte, error) {
	r, err := l.renderer()
	if err != nil {
		return nil, err
	}
	return r.PNG(ctx, option, o)
}

// Close stops the Renderer if it started, and keeps it from starting later:
// renders after Close return ErrClosed.
func (l *Lazy) Close() error {
	l.once.Do(func() { l.err = ErrClosed })
	if l.r == nil {
		return nil
	}
	return l.r.Close()
}

// Stats reports the running Renderer's pool (see Renderer.Stats): all zero
// before the first render.
func (l *Lazy) Stats() PoolStats {
	if r := l.started.Load(); r != nil {
		return r.Stats()
	}
	return PoolStats{}
}

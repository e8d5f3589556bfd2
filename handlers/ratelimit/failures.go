package ratelimit

import (
	"container/list"
	"strings"
	"sync"
	"time"
)

// FailureLimiter counts failures (such as failed logins) per client within
// a sliding window: once a client has failed max times within the window it
// is blocked until its oldest counted failure leaves the window.
//
// At most maxClients clients are tracked, so many addresses cannot exhaust
// memory. When the table is full, the client that is not blocked and whose
// last failure is the oldest makes room. A blocked client is never forgotten
// early, so failing once from each of many other addresses cannot reset its
// count; and while the table is full of blocked clients, a client it cannot
// track is blocked too (failing closed: only a flood from thousands of
// addresses fills it). Recording a failure and checking a client take
// constant time, apart from forgetting what has expired.
type FailureLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string]*failures
	// open and blocked hold the tracked clients, not blocked and blocked,
	// each ordered by latest failure, oldest first.
	open, blocked *list.List
}

// failures are one client's failures within the window, oldest first.
type failures struct {
	client string
	times  []time.Time
	elem   *list.Element
	in     *list.List // open or blocked
}

// NewFailureLimiter blocks a client after max failures within window. now
// is the clock (time.Now when nil).
func NewFailureLimiter(max int, window time.Duration, now func() time.Time) *FailureLimiter {
	if now == nil {
		now = time.Now
	}
	return &FailureLimiter{max: max, window: window, now: now, fails: map[string]*failures{}, open: list.New(), blocked: list.New()}
}

// expire drops the failures of f older than the window and files f in the
// list its count says (at the back when recorded says a failure was just
// added); it forgets f when none is left. The caller holds mu.
func (l *FailureLimiter) expire(f *failures, now time.Time, recorded bool) {
	i := 0
	for i < len(f.times) && now.Sub(f.times[i]) >= l.window {
		i++
	}
	f.times = f.times[i:]
	if len(f.times) == 0 {
		f.in.Remove(f.elem)
		delete(l.fails, f.client)
		return
	}
	target := l.open
	if len(f.times) >= l.max {
		target = l.blocked
	}
	switch {
	case target != f.in:
		f.in.Remove(f.elem)
		f.in = target
		f.elem = insertByLatest(target, f)
	case recorded:
		f.in.MoveToBack(f.elem)
	}
}

// insertByLatest files f in lst after every entry whose latest failure is
// not later than f's (at the back, for a failure just recorded).
func insertByLatest(lst *list.List, f *failures) *list.Element {
	latest := f.times[len(f.times)-1]
	for e := lst.Back(); e != nil; e = e.Prev() {
		if ft := e.Value.(*failures).times; !ft[len(ft)-1].After(latest) {
			return lst.InsertAfter(f, e)
		}
	}
	return lst.PushFront(f)
}

// prune forgets the clients whose every failure has left the window: those
// at the front of each list. The caller holds mu.
func (l *FailureLimiter) prune(now time.Time) {
	for _, lst := range []*list.List{l.open, l.blocked} {
		for e := lst.Front(); e != nil; e = lst.Front() {
			f := e.Value.(*failures)
			if now.Sub(f.times[len(f.times)-1]) < l.window {
				break
			}
			lst.Remove(e)
			delete(l.fails, f.client)
		}
	}
}

// Blocked reports whether client has used up its failures, and how long
// until it may try again.
func (l *FailureLimiter) Blocked(client string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.prune(now)
	f, ok := l.fails[client]
	if !ok {
		if len(l.fails) >= maxClients && l.open.Len() == 0 {
			return l.window, true // full of blocked clients: fail closed
		}
		return 0, false
	}
	if f.in == l.blocked {
		l.expire(f, now, false)
	}
	if len(f.times) < l.max {
		return 0, false
	}
	return l.window - now.Sub(f.times[len(f.times)-l.max]), true
}

// Fail records a failure by client.
func (l *FailureLimiter) Fail(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f, ok := l.fails[client]
	if !ok {
		if len(l.fails) >= maxClients {
			l.prune(now)
		}
		if len(l.fails) >= maxClients {
			e := l.open.Front()
			if e == nil {
				return // every tracked client is blocked; Blocked fails closed for this one
			}
			l.open.Remove(e)
			delete(l.fails, e.Value.(*failures).client)
		}
		// strings.Clone: client may point into a buffer the next request
		// reuses (Fiber's c.IP()), and it is kept as a map key.
		f = &failures{client: strings.Clone(client), in: l.open}
		f.elem = l.open.PushBack(f)
		l.fails[f.client] = f
	}
	f.times = append(f.times, now)
	l.expire(f, now, true)
}

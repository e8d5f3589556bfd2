package ratelimit

import (
	"strings"
	"sync"
	"time"
)

// FailureLimiter counts failures (such as failed logins) per client within
// a sliding window: once a client has failed Max times within the window it
// is blocked until its oldest counted failure leaves the window. At most
// maxClients clients are tracked, so many addresses cannot exhaust memory.
type FailureLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// NewFailureLimiter blocks a client after max failures within window. now
// is the clock (time.Now when nil).
func NewFailureLimiter(max int, window time.Duration, now func() time.Time) *FailureLimiter {
	if now == nil {
		now = time.Now
	}
	return &FailureLimiter{max: max, window: window, now: now, fails: map[string][]time.Time{}}
}

// recent drops failures older than the window; the caller holds mu.
func (l *FailureLimiter) recent(client string, now time.Time) []time.Time {
	ts := l.fails[client]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, client)
	} else {
		l.fails[client] = ts
	}
	return ts
}

// Blocked reports whether client has used up its failures, and how long
// until it may try again.
func (l *FailureLimiter) Blocked(client string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ts := l.recent(client, now)
	if len(ts) < l.max {
		return 0, false
	}
	return l.window - now.Sub(ts[len(ts)-l.max]), true
}

// Fail records a failure by client.
func (l *FailureLimiter) Fail(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.fails) >= maxClients {
		for c := range l.fails {
			l.recent(c, now)
		}
		if len(l.fails) >= maxClients {
			l.fails = map[string][]time.Time{} // under attack from many addresses: start over
		}
	}
	// strings.Clone: client may point into a buffer the next request reuses
	// (Fiber's c.IP()), and it is kept as a map key.
	l.fails[strings.Clone(client)] = append(l.recent(client, now), now)
}

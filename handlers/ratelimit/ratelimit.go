// Package ratelimit limits how often each client may use an expensive
// route: a token bucket per client key (its IP address), with the buckets
// of the least recently seen clients forgotten beyond a bound so that many
// addresses cannot exhaust memory.
package ratelimit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// maxClients bounds the number of buckets kept. A forgotten client starts
// again with a full bucket, which only ever errs towards letting it in.
const maxClients = 10_000

// Rate is a limit: Events per Per, with bursts of up to Events at once.
// The zero Rate means no limit.
type Rate struct {
	Events int
	Per    time.Duration
}

// Off reports whether r sets no limit.
func (r Rate) Off() bool { return r.Events <= 0 || r.Per <= 0 }

// String formats r as ParseRate reads it.
func (r Rate) String() string {
	if r.Off() {
		return "off"
	}
	for _, u := range []struct {
		name string
		d    time.Duration
	}{{"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}} {
		if r.Per == u.d {
			return fmt.Sprintf("%d/%s", r.Events, u.name)
		}
	}
	return fmt.Sprintf("%d/%s", r.Events, r.Per)
}

// ParseRate reads "N/s", "N/m", "N/h" or "N/<Go duration>" such as
// "30/10m"; "off" or "0" means no limit.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "0" {
		return Rate{}, nil
	}
	n, per, ok := strings.Cut(s, "/")
	events, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || events < 1 {
		return Rate{}, fmt.Errorf("rate %q: want N/s, N/m, N/h, N/<duration> or off", s)
	}
	var d time.Duration
	switch per = strings.TrimSpace(per); per {
	case "s":
		d = time.Second
	case "m", "min":
		d = time.Minute
	case "h":
		d = time.Hour
	default:
		if d, err = time.ParseDuration(per); err != nil || d <= 0 {
			return Rate{}, fmt.Errorf("rate %q: period %q is not s, m, h or a duration", s, per)
		}
	}
	return Rate{Events: events, Per: d}, nil
}

// Limiter hands out a token bucket per client key.
type Limiter struct {
	rate Rate
	now  func() time.Time

	mu      sync.Mutex
	buckets *lru.Cache[string, *rate.Limiter]
}

// New returns a limiter for r; with r off, Allow always allows.
func New(r Rate) *Limiter {
	buckets, err := lru.New[string, *rate.Limiter](maxClients)
	if err != nil {
		panic(err) // only for a size <= 0
	}
	return &Limiter{rate: r, now: time.Now, buckets: buckets}
}

// Rate returns the limiter's rate.
func (l *Limiter) Rate() Rate { return l.rate }

// Allow takes a token from key's bucket. When the bucket is empty it
// returns false and how long until a token is back: the Retry-After.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	return l.AllowN(key, 1)
}

// AllowN takes n tokens from key's bucket at once (all or none), for a
// request that does the work of n (a ZIP of n renders). n above the burst
// takes the whole burst, so such a request still gets through when the
// bucket is full.
func (l *Limiter) AllowN(key string, n int) (ok bool, retryAfter time.Duration) {
	if l.rate.Off() || n <= 0 {
		return true, 0
	}
	n = min(n, l.rate.Events)
	l.mu.Lock()
	b, found := l.buckets.Get(key)
	if !found {
		b = rate.NewLimiter(rate.Every(l.rate.Per/time.Duration(l.rate.Events)), l.rate.Events)
		// Fiber's strings (c.IP()) point into a buffer the next request
		// reuses: the key is kept, so it must be a copy.
		l.buckets.Add(strings.Clone(key), b)
	}
	l.mu.Unlock()
	now := l.now()
	r := b.ReserveN(now, n)
	if !r.OK() {
		return false, l.rate.Per
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now) // the tokens are not taken: the request is refused
		return false, d
	}
	return true, 0
}

// RetryAfterSeconds formats d for a Retry-After header: whole seconds,
// rounded up, at least 1.
func RetryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(d.Seconds()))))
}

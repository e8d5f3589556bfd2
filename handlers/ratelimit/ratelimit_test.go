package ratelimit

import (
	"testing"
	"time"
	"unsafe"
)

func TestParseRate(t *testing.T) {
	good := map[string]Rate{
		"60/m":   {60, time.Minute},
		"5/s":    {5, time.Second},
		"100/h":  {100, time.Hour},
		"30/10m": {30, 10 * time.Minute},
		"off":    {},
		"0":      {},
	}
	for in, want := range good {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, err := ParseRate(got.String()); err != nil || back != got {
			t.Errorf("ParseRate(%q.String() = %q) = %v, %v", in, got.String(), back, err)
		}
	}
	for _, bad := range []string{"", "60", "-1/m", "x/m", "10/fortnight", "10/-1s", "10/0s"} {
		if r, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) = %v, want an error", bad, r)
		}
	}
}

func TestLimiterAllowsABurstThenRefusesWithRetryAfter(t *testing.T) {
	l := New(Rate{Events: 3, Per: time.Minute})
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := l.Allow("10.0.0.1"); !ok {
			t.Fatalf("request %d of a burst of 3 refused", i+1)
		}
	}
	ok, wait := l.Allow("10.0.0.1")
	if ok || wait <= 0 || wait > 20*time.Second {
		t.Fatalf("4th request: ok %v, retry after %v; want refused with about 20 s", ok, wait)
	}
	if ok, _ := l.Allow("10.0.0.2"); !ok {
		t.Error("another client was refused: buckets are per client")
	}
	// A refused request takes no token: after the wait, one request passes.
	now = now.Add(wait)
	if ok, _ := l.Allow("10.0.0.1"); !ok {
		t.Error("refused again after waiting the Retry-After")
	}
	if ok, _ := l.Allow("10.0.0.1"); ok {
		t.Error("two requests passed after one token came back")
	}
}

func TestLimiterOffAllowsEverything(t *testing.T) {
	l := New(Rate{})
	for range 1000 {
		if ok, _ := l.Allow("x"); !ok {
			t.Fatal("a limiter that is off refused a request")
		}
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "1", 300 * time.Millisecond: "1", 1500 * time.Millisecond: "2", time.Minute: "60"} {
		if got := RetryAfterSeconds(d); got != want {
			t.Errorf("RetryAfterSeconds(%v) = %s, want %s", d, got, want)
		}
	}
}

// TestLimiterKeepsItsOwnCopyOfTheKey: Fiber's c.IP() points into a buffer
// that the next request overwrites; a kept key must not change with it.
func TestLimiterKeepsItsOwnCopyOfTheKey(t *testing.T) {
	l := New(Rate{Events: 1, Per: time.Hour})
	buf := []byte("10.1.1.1")
	if ok, _ := l.Allow(unsafe.String(&buf[0], len(buf))); !ok {
		t.Fatal("first request refused")
	}
	copy(buf, "10.2.2.2") // the next request reuses the buffer
	if ok, _ := l.Allow("10.1.1.1"); ok {
		t.Error("10.1.1.1 got a second token: its bucket was lost when the buffer changed")
	}
	if ok, _ := l.Allow("10.2.2.2"); !ok {
		t.Error("10.2.2.2 was refused: it was confused with 10.1.1.1's bucket")
	}
}

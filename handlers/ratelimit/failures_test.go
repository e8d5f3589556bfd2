package ratelimit

import (
	"fmt"
	"testing"
	"time"
	"unsafe"
)

func TestFailureLimiterForgetsOldFailures(t *testing.T) {
	now := time.Unix(0, 0)
	l := NewFailureLimiter(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		l.Fail("a")
		now = now.Add(10 * time.Second)
	}
	if wait, blocked := l.Blocked("a"); !blocked || wait != 30*time.Second {
		t.Errorf("blocked=%v wait=%v, want blocked for 30s", blocked, wait)
	}
	if _, blocked := l.Blocked("b"); blocked {
		t.Error("another client is blocked")
	}
	now = now.Add(31 * time.Second)
	if _, blocked := l.Blocked("a"); blocked {
		t.Error("still blocked after the oldest failure expired")
	}
	if len(l.fails["a"].times) != 2 {
		t.Errorf("%d failures remembered, want 2", len(l.fails["a"].times))
	}
}

// TestFailureLimiterKeepsItsOwnCopyOfTheKey: the client address comes from
// a buffer the next request overwrites; the remembered key must not change.
func TestFailureLimiterKeepsItsOwnCopyOfTheKey(t *testing.T) {
	l := NewFailureLimiter(1, time.Minute, nil)
	buf := []byte("10.1.1.1")
	l.Fail(unsafe.String(&buf[0], len(buf)))
	copy(buf, "10.2.2.2")
	if _, blocked := l.Blocked("10.1.1.1"); !blocked {
		t.Error("10.1.1.1's failure was lost when the request buffer changed")
	}
	if _, blocked := l.Blocked("10.2.2.2"); blocked {
		t.Error("10.2.2.2 is blocked for 10.1.1.1's failure")
	}
}

// TestFailureLimiterCannotBeResetByFlooding: failing once from each of many
// addresses fills the table, but a blocked client stays blocked.
func TestFailureLimiterCannotBeResetByFlooding(t *testing.T) {
	now := time.Unix(0, 0)
	l := NewFailureLimiter(10, time.Minute, func() time.Time { return now })
	for range 10 {
		l.Fail("attacker")
	}
	for i := range 2 * maxClients {
		l.Fail(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	if _, blocked := l.Blocked("attacker"); !blocked {
		t.Fatal("a flood of failures from other addresses unblocked the attacker")
	}
	if len(l.fails) > maxClients {
		t.Errorf("%d clients tracked, bound %d", len(l.fails), maxClients)
	}
	// a table full of blocked clients fails closed for a client it cannot track
	full := NewFailureLimiter(1, time.Minute, func() time.Time { return now })
	for i := range maxClients {
		full.Fail(fmt.Sprint("blocked-", i))
	}
	full.Fail("newcomer")
	if _, blocked := full.Blocked("newcomer"); !blocked {
		t.Error("with the table full of blocked clients, an untracked client may guess freely")
	}
	now = now.Add(time.Minute)
	if _, blocked := full.Blocked("newcomer"); blocked {
		t.Error("once the failures expire, the newcomer is still blocked")
	}
}

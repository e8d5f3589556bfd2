package app

import (
	"testing"
	"time"
)

// waitDeadline bounds every wait for a condition in these tests: the chart
// drawn, the port answering, the process exited. It is a safety net against
// a hang, not a requirement on speed: on a busy machine (two cores shared
// with another test run and a browser) a condition that takes a fraction of
// a second alone can take many seconds, and a test must still pass there.
const waitDeadline = 2 * time.Minute

// poll calls cond until it returns true or deadline has passed, and reports
// whether it returned true. It pauses between calls, from 5 ms doubling up
// to 100 ms, so a quick condition is seen at once and a slow one costs
// little. The last call comes after the deadline, so a condition met
// during the last pause is not missed.
func poll(deadline time.Duration, cond func() bool) bool {
	end := time.Now().Add(deadline)
	for pause := 5 * time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		time.Sleep(pause)
	}
}

// waitFor waits, as poll does, until cond returns true, and fails the test
// saying what it waited for if deadline passes first.
func waitFor(t *testing.T, what string, deadline time.Duration, cond func() bool) {
	t.Helper()
	if !poll(deadline, cond) {
		t.Fatalf("waited %v for %s", deadline, what)
	}
}

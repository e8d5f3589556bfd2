package render

import (
	"slices"
	"testing"
	"time"
)

// TestPathDataEndsOnMalformedData: path data that goes wrong ends the path
// where it goes wrong, as browsers do, and never loops: numbers after a
// close path (which takes none) are malformed.
func TestPathDataEndsOnMalformedData(t *testing.T) {
	for _, c := range []struct {
		d    string
		want []byte // the operations drawn
	}{
		{"M0 0L10 0L10 10Z", []byte{opMove, opLine, opLine, opClose}},
		{"M0 0 10 0 10 10z", []byte{opMove, opLine, opLine, opClose}},
		{"M0 0L10 0Z5", []byte{opMove, opLine, opClose}},
		{"M0 0L10 0z 5 5 L1 1", []byte{opMove, opLine, opClose}},
		{"M0 0L10 0Z M5 5 L6 6", []byte{opMove, opLine, opClose, opMove, opLine}},
		{"5 5", nil},
		{"M0 0 L", []byte{opMove}},
		{"M0 0 X 1 1", []byte{opMove}},
	} {
		done := make(chan []byte, 1)
		go func() {
			var p path
			pathData(c.d, identity, &p)
			done <- p.ops
		}()
		select {
		case got := <-done:
			if !slices.Equal(got, c.want) {
				t.Errorf("pathData(%q) drew %v, want %v", c.d, got, c.want)
			}
		case <-time.After(time.Minute): // a safety net for a loop, not a speed limit
			t.Fatalf("pathData(%q) did not return", c.d)
		}
	}
}

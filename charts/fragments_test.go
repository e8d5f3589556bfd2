package charts

import (
	"encoding/json"
	"testing"
)

func TestNumericWritesPixelsAsNumbers(t *testing.T) {
	for in, want := range map[numeric]string{
		"16":     `16`,
		"0":      `0`,
		"center": `"center"`,
		"58%":    `"58%"`,
		"-5":     `"-5"`,
		"1.5":    `"1.5"`,
		"":       `""`,
	} {
		got, err := json.Marshal(in)
		if err != nil || string(got) != want {
			t.Errorf("numeric(%q) wrote %s (%v), want %s", in, got, err, want)
		}
	}
	type box struct {
		Left numeric `json:"left,omitempty"`
	}
	if got, _ := json.Marshal(box{}); string(got) != `{}` {
		t.Errorf("an unset position wrote %s, want it left out", got)
	}
}

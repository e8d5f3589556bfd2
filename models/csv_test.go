package models_test

import (
	"testing"

	"ecomdash/models"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
		"衢州市": "衢州市", "": "", "12.3": "12.3", "a=b": "a=b",
	} {
		if got := models.Neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

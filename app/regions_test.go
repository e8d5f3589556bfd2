package app

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"ecomdash/seed/divisions"
)

// TestCLIRegionsLoad: "regions load" loads an edition that renames 衢州市
// and drops 嘉定区 (merged away): the rename is reported, 嘉定区 is kept
// with its figures and named, and every figure stays. A malformed edition
// is refused with nothing written.
func TestCLIRegionsLoad(t *testing.T) {
	cfg, dir := cliConfig(t)
	e := divisions.Shipped()
	kept := e.Regions[:0:0]
	for _, d := range e.Regions {
		switch d.Code {
		case "310114":
			continue
		case "330800":
			d.Name, d.Short = "衢州新市", "衢州新"
		}
		kept = append(kept, d)
	}
	e.Regions = kept
	b, err := e.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, dir, "next.json", string(b))
	var out bytes.Buffer
	if err := RunRegions(cfg, []string{"load", file}, &out); err != nil {
		t.Fatal(err)
	}
	before := countObservations(t, cfg)
	for _, want := range []string{"新增 inserted:   0", "更新 updated:    1", "保留 kept:       1", "更新 330800：衢州市（衢州，地级市，上级 330000） → 衢州新市（衢州新，地级市，上级 330000）", "保留 310114 嘉定区："} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "保留 310114 嘉定区：0 条") {
		t.Errorf("嘉定区 is reported without its figures:\n%s", out.String())
	}
	bad := writeFile(t, dir, "bad.json", strings.Replace(string(b), `"parent":"330800"`, `"parent":"339999"`, 1))
	out.Reset()
	if err := RunRegions(cfg, []string{"load", bad}, &out); err == nil || !strings.Contains(err.Error(), "339999") {
		t.Errorf("a parent that is not listed: %v", err)
	}
	if n := countObservations(t, cfg); n != before {
		t.Errorf("%d figures after, %d before", n, before)
	}
	for _, args := range [][]string{nil, {"load"}, {"drop", file}, {"load", "-x"}} {
		if err := RunRegions(cfg, args, &out); err == nil {
			t.Errorf("RunRegions(%q) succeeded", args)
		}
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
}

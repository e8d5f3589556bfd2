package handlers

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"ecomdash/charts"
)

// screenConfigOf reads the config a screen page gives its script.
func screenConfigOf(t *testing.T, body []byte) ScreenConfig {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="screen-config">(.*?)</script>`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no screen config in %s", trim(body))
	}
	var cfg ScreenConfig
	if err := json.Unmarshal(m[1], &cfg); err != nil {
		t.Fatalf("screen config: %v\n%s", err, m[1])
	}
	return cfg
}

func TestScreenPageAndItsOptions(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/screen/zhejiang-quzhou")
	if r.status != 200 || !strings.Contains(r.header["Content-Type"], "text/html") {
		t.Fatalf("screen: %d %s", r.status, trim(r.body))
	}
	cfg := screenConfigOf(t, r.body)
	if cfg.Width != 1920 || cfg.Height != 1080 || cfg.Fit != "contain" || cfg.Theme != "dark" || cfg.Interval != 30 || cfg.Poll != 30 ||
		cfg.ReloadSeconds != 0 || len(cfg.Dashboards) != 1 || cfg.First.ID != "zhejiang-quzhou" || cfg.DataVersion < 0 || cfg.UpdatedAt == "" {
		t.Errorf("defaults: %+v", cfg)
	}
	// the headlines are written as every page writes them, split for the counters
	if len(cfg.First.Headlines) != 4 || len(cfg.First.Charts) != 5 {
		t.Fatalf("first: %d headlines, %d charts", len(cfg.First.Headlines), len(cfg.First.Charts))
	}
	for _, f := range cfg.First.Headlines {
		if !f.OK || f.Prefix+f.Number+f.Suffix != f.Text || f.Number == "" || !strings.Contains(string(r.body), html.EscapeString(f.Text)) {
			t.Errorf("headline %+v", f)
		}
	}
	if !strings.Contains(cfg.First.Sources, "数据来源：") {
		t.Errorf("sources %q", cfg.First.Sources)
	}

	r = get(t, app, "/screen/zhejiang-quzhou?size=7680x2160&fit=cover&interval=10&poll=5&reload=24h&rotate=charts&theme=light")
	cfg = screenConfigOf(t, r.body)
	if r.status != 200 || cfg.Width != 7680 || cfg.Height != 2160 || cfg.Fit != "cover" || cfg.Interval != 10 || cfg.Poll != 5 ||
		cfg.ReloadSeconds != 86400 || cfg.Rotate != "charts" || cfg.Theme != "light" || cfg.Query != "theme=light" {
		t.Errorf("options: %d %+v", r.status, cfg)
	}

	r = get(t, app, "/screen?dashboards=zhejiang-quzhou,shanghai-jiading&interval=60")
	cfg = screenConfigOf(t, r.body)
	if r.status != 200 || strings.Join(cfg.Dashboards, ",") != "zhejiang-quzhou,shanghai-jiading" || cfg.Interval != 60 {
		t.Errorf("rotation: %d %+v", r.status, cfg.Dashboards)
	}
	if cfg = screenConfigOf(t, get(t, app, "/screen").body); len(cfg.Dashboards) != 5 || cfg.Dashboards[0] != "overview" {
		t.Errorf("every dashboard: %v", cfg.Dashboards)
	}

	for path, want := range map[string]int{
		"/screen/no-such":                                                    404,
		"/screen?dashboards=overview,no-such":                                404,
		"/screen/overview?size=99999x1080":                                   400,
		"/screen/overview?size=1920":                                         400,
		"/screen/overview?size=600x300":                                      400,
		"/screen/overview?fit=zoom":                                          400,
		"/screen/overview?interval=1":                                        400,
		"/screen/overview?poll=100000":                                       400,
		"/screen/overview?reload=1m":                                         400,
		"/screen/overview?reload=soon":                                       400,
		"/screen/overview?rotate=sideways":                                   400,
		"/screen/overview?theme=blue":                                        400,
		"/screen/overview?colour=red":                                        400,
		"/screen?dashboards=" + strings.Repeat("overview,", 21) + "overview": 400,
	} {
		r := get(t, app, path)
		if r.status != want || !strings.Contains(r.header["Content-Type"], "text/html") {
			t.Errorf("%s: %d (%s), want %d with a page", path, r.status, r.header["Content-Type"], want)
		}
	}
}

func TestScreenAPIAndVersion(t *testing.T) {
	a := newAdminApp(t)
	r := get(t, a.app, "/api/screen/zhejiang-quzhou")
	var got struct {
		DataVersion int64         `json:"data_version"`
		UpdatedAt   string        `json:"updated_at"`
		Screen      charts.Screen `json:"screen"`
	}
	if err := json.Unmarshal(r.body, &got); r.status != 200 || err != nil || got.Screen.Title != "浙江·衢州" || len(got.Screen.Charts) != 5 {
		t.Fatalf("api: %d %v %s", r.status, err, trim(r.body))
	}
	// the charts are drawn by the same option builder, in the dark theme
	if !strings.Contains(string(got.Screen.Charts[0].Option), `"backgroundColor":"transparent"`) {
		t.Errorf("option: %s", trim(got.Screen.Charts[0].Option))
	}
	if r := get(t, a.app, "/api/screen/no-such"); r.status != 404 || !strings.Contains(string(r.body), `"error"`) {
		t.Errorf("unknown: %d %s", r.status, r.body)
	}
	v := decode[map[string]int64](t, get(t, a.app, "/api/version"))
	if r := get(t, a.app, "/api/version"); r.header["Cache-Control"] != "no-store" {
		t.Errorf("version cache: %q", r.header["Cache-Control"])
	}
	// a change shows in the version at once, and in the screen's figures
	if r := a.as("POST", "/api/admin/observations", map[string]any{"region_code": "330800", "metric_code": "online_retail_sales",
		"period": "2013", "source_id": "quzhou-speech-2013", "value": 300, "qualifier": "approx", "stated": "近300亿元", "quote": "测试"}); r.status != 201 {
		t.Fatalf("write: %d %s", r.status, r.body)
	}
	after := decode[map[string]int64](t, get(t, a.app, "/api/version"))
	if after["data_version"] != v["data_version"]+1 {
		t.Errorf("version %d → %d", v["data_version"], after["data_version"])
	}
	if err := json.Unmarshal(get(t, a.app, "/api/screen/zhejiang-quzhou").body, &got); err != nil || got.DataVersion != after["data_version"] {
		t.Errorf("screen after the write: %v %d", err, got.DataVersion)
	}
}

func TestSplitFigureKeepsTheWords(t *testing.T) {
	for text, want := range map[string][3]string{
		"近300亿元": {"近", "300", "亿元"}, "6000多家": {"", "6000", "多家"}, "第2位": {"第", "2", "位"},
		"3～4家": {"", "3", "～4家"}, "12.5%": {"", "12.5", "%"}, "47.8万家": {"", "47.8", "万家"}, "暂无": {"暂无", "", ""},
		"超过1,000亿元": {"超过", "1,000", "亿元"},
	} {
		p, n, s := charts.SplitFigure(text)
		if [3]string{p, n, s} != want {
			t.Errorf("SplitFigure(%q) = %q %q %q, want %v", text, p, n, s, want)
		}
	}
}

func TestDashboardPageLinksItsScreen(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/dashboards/zhejiang-quzhou")
	if !strings.Contains(string(r.body), `href="/screen/zhejiang-quzhou"`) || !strings.Contains(string(r.body), "大屏模式") {
		t.Error("no 大屏模式 link on the dashboard page")
	}
}

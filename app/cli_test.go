package app

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ecomdash/handlers"
	"ecomdash/models"
)

func cliConfig(t *testing.T) (Config, string) {
	t.Helper()
	dir := t.TempDir()
	return Config{Addr: ":0", DatabaseURL: filepath.Join(dir, "cli.db")}, dir
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func countObservations(t *testing.T, cfg Config) int {
	t.Helper()
	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	c, err := models.CountAll(db)
	if err != nil {
		t.Fatal(err)
	}
	return c.Observations
}

func TestCLIImport(t *testing.T) {
	cfg, dir := cliConfig(t)
	good := writeFile(t, dir, "good.csv", "\uFEFFregion_code,metric_code,period,value,source_id,quote\r\n"+
		"330800,online_retail_sales,2013,20.5,quzhou-speech-2013,2013年超过20亿元\r\n")
	bad := writeFile(t, dir, "bad.csv", "region_code,metric_code,period,value,source_id,quote\n"+
		"330800,online_retail_sales,2014,1,quzhou-speech-2013,ok\n"+
		"999999,online_retail_sales,2014,1,quzhou-speech-2013,坏地区\n"+
		"330800,online_retail_sales,2014年,1,quzhou-speech-2013,坏时期\n")

	var out bytes.Buffer
	if err := RunImport(cfg, []string{good, "-dry-run"}, &out); err != nil {
		t.Fatalf("dry run: %v\n%s", err, out.String())
	}
	seeded := countObservations(t, cfg)
	for _, s := range []string{"seeded empty database", "dry run", "新增 new:       1", "sha256:"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("dry-run report lacks %q:\n%s", s, out.String())
		}
	}

	out.Reset()
	err := RunImport(cfg, []string{bad}, &out)
	if err == nil || !strings.Contains(err.Error(), "2 bad rows") {
		t.Errorf("bad file: %v", err)
	}
	for _, s := range []string{"第 3 行 (line 3) region_code", "第 4 行 (line 4) period", "nothing imported"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("bad-file report lacks %q:\n%s", s, out.String())
		}
	}
	if n := countObservations(t, cfg); n != seeded {
		t.Errorf("bad file changed the count: %d → %d", seeded, n)
	}

	out.Reset()
	if err := RunImport(cfg, []string{"-dry-run", good}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := RunImport(cfg, []string{good}, &out); err != nil || !strings.Contains(out.String(), "imported") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if n := countObservations(t, cfg); n != seeded+1 {
		t.Errorf("%d observations after import, want %d", n, seeded+1)
	}
	db, _ := models.Open(cfg.DatabaseURL)
	entries, _ := models.ListAudit(db, 1)
	_ = models.Close(db)
	if len(entries) != 1 || entries[0].Actor != models.ActorCLI || !strings.Contains(entries[0].After, `"file":"good.csv"`) {
		t.Errorf("audit: %+v", entries)
	}

	for _, args := range [][]string{nil, {"a.csv", "b.csv"}, {"-x", good}, {filepath.Join(dir, "missing.csv")}} {
		if err := RunImport(cfg, args, &out); err == nil {
			t.Errorf("RunImport(%q) succeeded", args)
		}
	}
}

func TestCLIExportReimportsUnchanged(t *testing.T) {
	cfg, dir := cliConfig(t)
	var stdout, report bytes.Buffer
	if err := RunExport(cfg, nil, &stdout, &report); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(stdout.Bytes(), []byte("\uFEFFregion_code,region_name,")) {
		t.Fatalf("export to stdout: %.80q", stdout.String())
	}
	file := filepath.Join(dir, "out.csv")
	report.Reset()
	if err := RunExport(cfg, []string{file}, &bytes.Buffer{}, &report); err != nil {
		t.Fatal(err)
	}
	written, _ := os.ReadFile(file)
	if !bytes.Equal(written, stdout.Bytes()) || !strings.Contains(report.String(), "exported") {
		t.Errorf("file export differs from stdout export; report %q", report.String())
	}
	var out bytes.Buffer
	if err := RunImport(cfg, []string{file, "-dry-run"}, &out); err != nil {
		t.Fatal(err)
	}
	n := countObservations(t, cfg)
	if !strings.Contains(out.String(), "新增 new:       0") || !strings.Contains(out.String(), "更新 updated:   0") ||
		!strings.Contains(out.String(), "不变 unchanged: "+strconv.Itoa(n)) {
		t.Errorf("re-importing the export is not a no-op:\n%s", out.String())
	}
	if err := RunExport(cfg, []string{"a", "b"}, &stdout, &report); err == nil {
		t.Error("export with two files succeeded")
	}
}

// TestAppAdminWiring checks what app.New adds for the admin API: the
// tokens reach the handlers, the body limit lets a 10 MiB import through
// to the handler's own 413, and with no token the log says the API is off.
func TestAppAdminWiring(t *testing.T) {
	cfg, _ := cliConfig(t)
	var logBuf bytes.Buffer
	a, err := New(cfg, slog.New(slog.NewTextHandler(&logBuf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logBuf.String(), "admin API disabled (ADMIN_TOKEN not set)"); n != 1 {
		t.Errorf("log says the admin API is off %d times, want once:\n%s", n, logBuf.String())
	}
	if r := appRequest(t, a, "GET", "/api/admin/audit", "", nil); r.StatusCode != 404 {
		t.Errorf("admin off: %d", r.StatusCode)
	}
	_ = a.Close(time.Second)

	cfg.AdminTokens = map[string]string{"ops": "tok-123"}
	a, err = New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(time.Second)
	if r := appRequest(t, a, "GET", "/api/admin/audit", "tok-123", nil); r.StatusCode != 200 {
		t.Errorf("admin on: %d", r.StatusCode)
	}
	if r := appRequest(t, a, "GET", "/api/admin/audit", "nope", nil); r.StatusCode != 401 {
		t.Errorf("wrong token: %d", r.StatusCode)
	}
	// over a real connection: fasthttp itself refuses a body over BodyLimit
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Fiber.Listener(ln) }()
	// just over the import limit: the body reaches the handler, which answers 413
	req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+"/api/admin/import?dry_run=1", bytes.NewReader(bytes.Repeat([]byte("x"), handlers.MaxImportBody+1)))
	req.Header.Set("Authorization", "Bearer tok-123")
	if r, err := http.DefaultClient.Do(req); err != nil {
		t.Errorf("import over the limit: %v", err)
	} else {
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 413 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || !bytes.Contains(body, []byte("10 MiB")) {
			t.Errorf("import over the limit: %d %s %.100s, want 413 JSON", r.StatusCode, r.Header.Get("Content-Type"), body)
		}
	}
	// far over the limit: refused from its Content-Length once the server
	// has its first 8 KB (what it reads ahead), long before the rest is sent
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/admin/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok-123\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n", 3*handlers.MaxImportBody)
	if _, err := conn.Write(bytes.Repeat([]byte("x"), 16<<10)); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(waitDeadline)) // a safety net: the answer is due at once
	r, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("request over the body limit: %v", err)
	}
	body, _ := io.ReadAll(r.Body)
	if r.StatusCode != 413 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("request over the body limit: %d %s %.100s, want 413 JSON", r.StatusCode, r.Header.Get("Content-Type"), body)
	}
}

func appRequest(t *testing.T, a *App, method, path, token string, body []byte) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestRunSignEmbed(t *testing.T) {
	var out, errs strings.Builder
	cfg := Config{EmbedSigningKey: "k"}
	if err := RunSignEmbed(cfg, []string{"-ttl", "1h", "/embed/charts/express-parcels-2020?theme=dark"}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	signed := strings.TrimSpace(out.String())
	if !strings.HasPrefix(signed, "/embed/charts/express-parcels-2020?") || !strings.Contains(signed, "sig=") || !strings.Contains(signed, "theme=dark") {
		t.Errorf("signed URL %q", signed)
	}
	// the app accepts what the command mints
	a, err := New(Config{Addr: ":0", DatabaseURL: filepath.Join(t.TempDir(), "s.db"), EmbedAllowedOrigins: []string{"*"}, EmbedSigningKey: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(0)
	for path, want := range map[string]int{signed: 200, "/embed/charts/express-parcels-2020?theme=dark": 403} {
		resp, err := a.Fiber.Test(httptest.NewRequest("GET", path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	for _, args := range [][]string{{}, {"/charts/x"}, {"-ttl", "-1h", "/embed/charts/x"}} {
		if err := RunSignEmbed(cfg, args, &out, &errs); err == nil {
			t.Errorf("sign-embed %v succeeded", args)
		}
	}
	if err := RunSignEmbed(Config{}, []string{"/embed/charts/x"}, &out, &errs); err == nil {
		t.Error("sign-embed without a key succeeded")
	}
}

// TestCLISeed runs "ecomdash seed" on a fresh database, again, and after an
// administrator deleted a figure: it seeds, then changes nothing, then puts
// back only the deleted figure; each run logs what it added.
func TestCLISeed(t *testing.T) {
	cfg, _ := cliConfig(t)
	seedRun := func() string {
		t.Helper()
		var logBuf bytes.Buffer
		if err := RunSeed(cfg, slog.New(slog.NewTextHandler(&logBuf, nil))); err != nil {
			t.Fatalf("seed: %v\n%s", err, logBuf.String())
		}
		return logBuf.String()
	}
	if out := seedRun(); !strings.Contains(out, `msg="seed applied" sources=5 regions=3215 metrics=87 observations=101`) {
		t.Errorf("first seed logged:\n%s", out)
	}
	if out := seedRun(); !strings.Contains(out, `msg="seed applied" sources=0 regions=0 metrics=0 observations=0`) ||
		strings.Contains(out, "seed corrections applied") {
		t.Errorf("second seed logged:\n%s", out)
	}
	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Where("id = (SELECT MIN(id) FROM observations)").Delete(&models.Observation{}).Error; err != nil {
		t.Fatal(err)
	}
	_ = models.Close(db)
	if out := seedRun(); !strings.Contains(out, `msg="seed applied" sources=0 regions=0 metrics=0 observations=1`) {
		t.Errorf("seed after a deletion logged:\n%s", out)
	}
	if n := countObservations(t, cfg); n != 101 {
		t.Errorf("%d observations, want 101", n)
	}
}

func TestCLIImportsAWorkbookByName(t *testing.T) {
	cfg, _ := cliConfig(t)
	book := filepath.Join("..", "models", "sheet", "testdata", "yearbook.xlsx")
	var out bytes.Buffer
	// without the document's date the preview says what is missing
	if err := RunImport(cfg, []string{book, "-dry-run"}, &out); err != nil {
		t.Fatalf("dry run: %v\n%s", err, out.String())
	}
	seeded := countObservations(t, cfg)
	for _, s := range []string{"地区在行、时期在列", "新建指标：网上零售额（亿元）", "online_retail_sales", "数字 figures: 27", "发布日期", "dry run"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("dry-run report lacks %q:\n%s", s, out.String())
		}
	}
	out.Reset()
	if err := RunImport(cfg, []string{book}, &out); err == nil {
		t.Errorf("an import without its document's date was committed:\n%s", out.String())
	}
	out.Reset()
	err := RunImport(cfg, []string{"-metric", "online_retail_sales", book, "-source-date", "2018-10"}, &out)
	if err != nil || !strings.Contains(out.String(), "新增 27") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if n := countObservations(t, cfg); n != seeded+27 {
		t.Errorf("%d observations after the import, want %d", n, seeded+27)
	}
}

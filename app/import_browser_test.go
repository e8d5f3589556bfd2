package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// uploadYearbook opens /admin, sets the token and previews the yearbook
// workbook (models/sheet/testdata/yearbook.xlsx) in 导入表格.
func uploadYearbook(t *testing.T, base string) []chromedp.Action {
	t.Helper()
	yearbook, err := filepath.Abs("../models/sheet/testdata/yearbook.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return []chromedp.Action{
		chromedp.Navigate(base + "/admin"),
		chromedp.WaitReady("#token-form", chromedp.ByID),
		chromedp.SendKeys("#token", "test-token", chromedp.ByID),
		chromedp.Click(`#token-form button[type=submit]`, chromedp.ByQuery),
		chromedp.SetUploadFiles("#sheet-file", []string{yearbook}, chromedp.ByID),
		chromedp.Click("#sheet-preview-btn", chromedp.ByID),
	}
}

// TestBrowserImportsAYearbookTable drives the 导入表格 section of /admin as
// an official would: upload a 统计年鉴 table, see its source problem, give
// the date, take the existing metric the table's name resembles, import the
// 27 figures, open them in 对比分析, and undo the import.
func TestBrowserImportsAYearbookTable(t *testing.T) {
	a := newAdminTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	if err := b.run(uploadYearbook(t, base)...); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the first preview", `!!document.querySelector('#sheet-preview table.sheet-grid') &&
		document.getElementById('sheet-status').textContent.indexOf('预览已更新') >= 0`)

	var first struct {
		Summary, Problems, Title, Publisher string
		Figures, Labels, Asks               int
		CommitDisabled, CommitHidden        bool
	}
	if err := b.run(chromedp.Evaluate(`({
		summary: document.querySelector('.sheet-counts').textContent,
		problems: document.querySelector('.sheet-problems').textContent,
		title: document.getElementById('src-title').value,
		publisher: document.getElementById('src-publisher').value,
		figures: document.querySelectorAll('.sheet-grid td.fig').length,
		labels: document.querySelectorAll('.sheet-grid td.lab .how.ok').length,
		asks: document.querySelectorAll('.sheet-grid td .how.ask').length,
		commitDisabled: document.getElementById('sheet-commit-btn').disabled,
		commitHidden: document.getElementById('sheet-commit').hidden
	})`, &first)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.Summary, "27 个数字") || !strings.Contains(first.Summary, "1 个空缺") || !strings.Contains(first.Summary, "1 处问题") {
		t.Errorf("summary %q, want 27 figures, 1 missing cell, 1 problem", first.Summary)
	}
	if !strings.Contains(first.Problems, "发布日期") {
		t.Errorf("problems %q, want the missing date", first.Problems)
	}
	if !strings.Contains(first.Title, "网上零售额") || first.Publisher != "衢州市统计局、衢州市商务局" {
		t.Errorf("source fields filled as %q / %q, want the table's title and 资料来源", first.Title, first.Publisher)
	}
	if first.Figures != 27 || first.Labels != 11 || first.Asks != 0 {
		t.Errorf("grid marks %d figures and %d matched labels (%d asking), want 27 and 11 (7 regions, 4 years)", first.Figures, first.Labels, first.Asks)
	}
	if first.CommitHidden || !first.CommitDisabled {
		t.Errorf("commit button hidden=%v disabled=%v, want shown and disabled while the date is missing", first.CommitHidden, first.CommitDisabled)
	}

	// the date, then the existing metric 网络零售额 for the table's 网上零售额
	if err := b.run(
		chromedp.SendKeys("#src-date", "2018-10", chromedp.ByID),
		chromedp.Evaluate(`(() => {
			const s = [...document.querySelectorAll('#sheet-preview select')].find(s => [...s.options].some(o => o.value === 'online_retail_sales'));
			s.value = 'online_retail_sales';
			s.dispatchEvent(new Event('change'));
			return true;
		})()`, nil),
	); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "a preview with no problem", `!document.querySelector('.sheet-problems') &&
		document.querySelector('.sheet-counts').textContent.indexOf('0 处问题') >= 0 &&
		!document.getElementById('sheet-commit-btn').disabled`)
	var second struct{ Summary, Facts, Button string }
	if err := b.run(chromedp.Evaluate(`({
		summary: document.querySelector('.sheet-counts').textContent,
		facts: document.querySelector('.sheet-summary').textContent,
		button: document.getElementById('sheet-commit-btn').textContent
	})`, &second)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(second.Summary, "27 个数字") || !strings.Contains(second.Facts, "网络零售额") || strings.Contains(second.Summary, "新建") {
		t.Errorf("second preview %q / %q, want 27 figures of 网络零售额 and no new metric", second.Summary, second.Facts)
	}
	if second.Button != "导入 27 个数字" {
		t.Errorf("commit button says %q", second.Button)
	}

	var href string
	if err := b.run(chromedp.Click("#sheet-commit-btn", chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	if !b.pollJS(`!!document.getElementById('sheet-compare-link')`) {
		var said string
		_ = b.run(chromedp.Evaluate(`document.getElementById('sheet-result').textContent`, &said))
		t.Fatalf("no success message after the commit; the page says %q", said)
	}
	if err := b.run(chromedp.AttributeValue("#sheet-compare-link", "href", &href, nil, chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(href, "metrics=online_retail_sales") || !strings.Contains(href, "330802") || !strings.Contains(href, "periods=all") {
		t.Errorf("compare link %q", href)
	}
	var obs []struct{ Value float64 }
	raw := adminJSON(t, a, "GET", "/api/observations?region=330802&metric=online_retail_sales&period=2016", nil, 200)
	if err := json.Unmarshal(raw, &obs); err != nil || len(obs) != 1 || obs[0].Value != 45 {
		t.Errorf("柯城区 2016 after the import: %s, want 45", raw)
	}

	// the link opens the comparison with the imported figures drawn
	states := b.loadAndMeasure(t, base+href)
	assertAllDrawn(t, "the imported figures in /compare", states, 1)
	var text string
	if err := b.run(chromedp.Evaluate(`document.body.innerText`, &text)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "柯城区") {
		t.Errorf("the comparison does not name 柯城区")
	}

	// undo from the list of recent imports
	var undone string
	if err := b.run(
		chromedp.Navigate(base+"/admin"),
		chromedp.WaitVisible(`#imports-result button`, chromedp.ByQuery),
		chromedp.Evaluate(`window.confirm = function () { return true; }`, nil),
		chromedp.Click(`#imports-result button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#imports-status .ok`, chromedp.ByQuery),
		chromedp.Text(`#imports-status`, &undone, chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(undone, "删除 27 个数字") {
		t.Errorf("undo said %q", undone)
	}
	raw = adminJSON(t, a, "GET", "/api/observations?region=330802&metric=online_retail_sales&period=2016", nil, 200)
	if err := json.Unmarshal(raw, &obs); err != nil || len(obs) != 0 {
		t.Errorf("柯城区 2016 after the undo: %s, want none", raw)
	}
	b.assertClean(t, "importing a table on /admin")
}

// TestBrowserImportScreenshots saves /admin with the yearbook's preview at
// 360 and 1440 px wide into the folder IMPORT_SHOTS names (skipped without
// it), for a person to look at.
func TestBrowserImportScreenshots(t *testing.T) {
	dir := os.Getenv("IMPORT_SHOTS")
	if dir == "" {
		t.Skip("set IMPORT_SHOTS=<folder> to save screenshots of the 导入表格 preview")
	}
	a := newAdminTestApp(t)
	base := serve(t, a)
	for _, width := range []int64{360, 1440} {
		b := newBrowser(t, base)
		var shot []byte
		if err := b.run(
			emulation.SetScrollbarsHidden(true),
			chromedp.EmulateViewport(width, 900),
			chromedp.Tasks(uploadYearbook(t, base)),
		); err != nil {
			t.Fatal(err)
		}
		b.waitJS(t, "the preview", `!!document.querySelector('#sheet-preview table.sheet-grid')`)
		if err := b.run(
			chromedp.Evaluate(`document.fonts ? document.fonts.ready.then(() => true) : true`, nil, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			chromedp.FullScreenshot(&shot, 100),
		); err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("import-%d.png", width))
		if err := os.WriteFile(name, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		var overflow int
		_ = b.run(chromedp.Evaluate(`document.documentElement.scrollWidth - window.innerWidth`, &overflow))
		t.Logf("%s (page wider than the window by %d px)", name, overflow)
	}
}

// TestBrowserImportChoosesAmbiguousRegions pastes a table whose region
// names are ambiguous or unknown and answers each from its list: the
// preview then holds their figures, and the choices stay changeable.
func TestBrowserImportChoosesAmbiguousRegions(t *testing.T) {
	a := newAdminTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	table := "网络零售额（亿元）\n地区\t2020\t2021\n鼓楼区\t10\t12\n城关区\t5\t6\n某某新区\t3\t4\n"
	if err := b.run(
		chromedp.Navigate(base+"/admin"),
		chromedp.WaitReady("#token-form", chromedp.ByID),
		chromedp.SendKeys("#token", "test-token", chromedp.ByID),
		chromedp.Click(`#token-form button[type=submit]`, chromedp.ByQuery),
		chromedp.SetValue("#sheet-text", table, chromedp.ByID),
		chromedp.Click("#sheet-preview-btn", chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the preview with three region problems", `document.querySelectorAll('.sheet-problems li select').length === 3 &&
		document.querySelectorAll('.sheet-grid td.bad .how.ask').length === 3`)
	// choose: each ambiguous name's first candidate, 不导入此行 for the unknown one
	choose := func(label, value string) {
		t.Helper()
		if err := b.run(chromedp.Evaluate(fmt.Sprintf(`(() => {
			const li = [...document.querySelectorAll('.sheet-problems li')].find(li => li.textContent.indexOf('“%s”是') >= 0);
			const s = li.querySelector('select');
			s.value = %q === '' ? s.options[1].value : %q;
			s.dispatchEvent(new Event('change'));
			return true;
		})()`, label, value, value), nil)); err != nil {
			t.Fatal(err)
		}
		b.waitJS(t, "the preview after choosing for "+label, fmt.Sprintf(`document.getElementById('sheet-status').textContent.indexOf('预览已更新') >= 0 &&
			![...document.querySelectorAll('.sheet-problems li')].some(li => li.textContent.indexOf('“%s”是') >= 0)`, label))
	}
	choose("鼓楼区", "")
	choose("城关区", "")
	choose("某某新区", "-")
	var got struct {
		Counts string
		Made   int
	}
	if err := b.run(chromedp.Evaluate(`({counts: document.querySelector('.sheet-counts').textContent,
		made: document.querySelectorAll('.sheet-made select').length})`, &got)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Counts, "4 个数字") {
		t.Errorf("after the choices the preview says %q, want 4 figures", got.Counts)
	}
	if got.Made < 3 {
		t.Errorf("%d choices listed to change, want the three made", got.Made)
	}
	b.assertClean(t, "choosing regions on /admin")
}

// TestBrowserImportShowsTheFreshPreviewWhenDataChanged commits a preview
// made before another change to the data: the page says so, shows the
// fresh preview, and its commit then goes through.
func TestBrowserImportShowsTheFreshPreviewWhenDataChanged(t *testing.T) {
	a := newAdminTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	if err := b.run(
		chromedp.Navigate(base+"/admin"),
		chromedp.WaitReady("#token-form", chromedp.ByID),
		chromedp.SendKeys("#token", "test-token", chromedp.ByID),
		chromedp.Click(`#token-form button[type=submit]`, chromedp.ByQuery),
		chromedp.SetValue("#sheet-text", "网络零售额（亿元）\n地区\t2020\t2021\n柯城区\t10\t12\n", chromedp.ByID),
		chromedp.SetValue("#src-title", "柯城区电子商务统计", chromedp.ByID),
		chromedp.SetValue("#src-publisher", "柯城区商务局", chromedp.ByID),
		chromedp.SetValue("#src-date", "2022-03", chromedp.ByID),
		chromedp.Click("#sheet-preview-btn", chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "a preview ready to commit", `!!document.querySelector('.sheet-counts') && !document.getElementById('sheet-commit-btn').disabled`)
	// someone else changes the data meanwhile
	adminJSON(t, a, "POST", "/api/admin/sources", map[string]any{"id": "other-change", "title": "另一份文件",
		"publisher": "衢州市商务局", "published_on": "2022", "kind": "statistics"}, 201)
	if err := b.run(chromedp.Click("#sheet-commit-btn", chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the stale message and a fresh preview", `!!document.querySelector('#sheet-result .error') &&
		document.getElementById('sheet-result').textContent.indexOf('重新生成的预览') >= 0 &&
		!document.getElementById('sheet-commit-btn').disabled`)
	if err := b.run(chromedp.Click("#sheet-commit-btn", chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the commit of the fresh preview", `!!document.getElementById('sheet-compare-link')`)
	var said string
	if err := b.run(chromedp.Text("#sheet-result .ok", &said, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(said, "导入完成：2 个数字") {
		t.Errorf("after the fresh preview the commit said %q", said)
	}
	// the browser logs the 409 as a failed load; nothing else may go wrong
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		if !strings.Contains(p, "status of 409") {
			t.Errorf("a stale preview on /admin: %s", p)
		}
	}
	if len(b.blocked)+len(b.dialogs) > 0 {
		t.Errorf("a stale preview on /admin: blocked %v, dialogs %v", b.blocked, b.dialogs)
	}
}

package app

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"time"

	"gorm.io/gorm"

	"ecomdash/handlers"
	"ecomdash/models"
	"ecomdash/models/sheet"
	"ecomdash/seed"
)

// RunServe implements "ecomdash serve" (and no command at all): it builds
// the app and serves until SIGINT or SIGTERM, then shuts down gracefully
// within cfg.ShutdownTimeout (a second signal kills at once).
func RunServe(cfg Config, log *slog.Logger) error {
	a, err := New(cfg, log)
	if err != nil {
		return err
	}
	if limit, set := memoryLimit(cfg, os.Getenv("GOMEMLIMIT")); set {
		debug.SetMemoryLimit(limit)
		log.Info("memory limit", "bytes", limit, "from", "RENDER_MEMORY_MB + RESPONSE_CACHE_MB + IMAGE_CACHE_MB + 128 MiB")
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	errc := make(chan error, 1)
	go func() { errc <- a.Listen() }()
	select {
	case err := <-errc:
		_ = a.Close(time.Second)
		return err
	case sig := <-stop:
		log.Info("shutting down", "signal", sig.String(), "timeout", cfg.ShutdownTimeout.String())
		signal.Stop(stop) // a second signal kills at once
		if err := a.Shutdown(); err != nil {
			return fmt.Errorf("shut down: %w", err)
		}
		log.Info("shut down cleanly")
		return nil
	}
}

// memoryHeadroom is the memory a server needs beside its drawing budget and
// its caches: the process at rest (some 50 MiB), the JS engines, and the
// answers being built and sent (a comparison's page or JSON is at most a
// few MiB, and the server serves a few hundred at once). The JS engines'
// memory is outside the Go runtime and not counted by its limit. 16
// concurrent 4000×4000 PNGs of the heaviest comparison peaked at 916 MiB of
// RSS with 192 MiB here and 817 MiB with 128, in the same time.
const memoryHeadroom = 128 << 20

// memoryLimit is the Go runtime's soft memory limit for a server of cfg:
// its drawing budget, its two caches and memoryHeadroom. Near it the
// garbage collector runs more often instead of letting freed buffers pile
// up to twice what is live, which let 16 concurrent 4000×4000 PNGs take the
// process to 1,173 MiB with a drawing budget of 384 MiB. set is false when
// the operator set GOMEMLIMIT (gomemlimit): the runtime already applies it.
func memoryLimit(cfg Config, gomemlimit string) (limit int64, set bool) {
	if gomemlimit != "" {
		return 0, false
	}
	return int64(cfg.RenderMemoryMB+cfg.ResponseCacheMB+cfg.ImageCacheMB)<<20 + memoryHeadroom, true
}

// RunSeed implements "ecomdash seed": seed.Ensure with AddMissing. It applies
// the seed revisions the database lacks, adds every seed row missing from it
// (leaving every other row as it is), and logs what it did, with a warning
// for each edited seed row a revision left alone.
func RunSeed(cfg Config, log *slog.Logger) error {
	db, _, err := openSeeded(cfg.DatabaseURL, seed.Options{AddMissing: true, Log: log})
	if err != nil {
		return err
	}
	return models.Close(db)
}

// openForCLI opens the database like the server does: migrated and brought
// up to the seed, so a command on a fresh database sees the seed figures.
func openForCLI(cfg Config, report io.Writer) (*gorm.DB, error) {
	db, rep, err := openSeeded(cfg.DatabaseURL, seed.Options{})
	if err != nil {
		return nil, err
	}
	if rep.Seeded {
		fmt.Fprintf(report, "数据库为空，已先载入种子数据 (seeded empty database: %d observations)\n", rep.Added.Observations)
	}
	return db, nil
}

// RunImport implements "ecomdash import FILE [-dry-run] [choices]". A CSV
// in the app's own format (the export's columns: region_code, metric_code,
// source_id …) is validated and upserted in one transaction as before. Any
// other table — a workbook (.xlsx), a CSV or TSV of a yearbook table, a
// long list by names — is read by name as the admin page reads it
// (models.PreviewSheet): the choices are the preview's (-sheet, -layout,
// -metric, -unit, -period, -region, -header-rows) and the document's
// (-source ID, or -source-title, -source-publisher, -source-date,
// -source-url); the preview is printed, and without -dry-run committed
// (with -allow-problems, its problem cells left out). Changes are audited
// as "cli". The command line has no size limit on the CSV format (the HTTP
// import has 10 MiB); a table is held to the same bounds as an upload.
func RunImport(cfg Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(out)
	var (
		dry, dryUnderscore, allow bool
		opt                       models.SheetImportOptions
	)
	fs.BoolVar(&dry, "dry-run", false, "只检查，不写入 (report only)")
	fs.BoolVar(&dryUnderscore, "dry_run", false, "same as -dry-run")
	fs.BoolVar(&allow, "allow-problems", false, "导入其余数字，有问题的单元格不导入")
	fs.StringVar(&opt.Sheet, "sheet", "", "工作表名")
	fs.StringVar(&opt.Layout, "layout", "", "表的结构: "+strings.Join(models.Layouts.Values(), ", "))
	fs.StringVar(&opt.Metric, "metric", "", "指标代码（表中没有指标时）")
	fs.StringVar(&opt.Unit, "unit", "", "数字的单位（表中没有写明时）")
	fs.StringVar(&opt.Period, "period", "", "时期（表中没有时期时）")
	fs.StringVar(&opt.Region, "region", "", "地区代码（表中没有地区时）")
	fs.IntVar(&opt.HeaderRows, "header-rows", 0, "表头行数（0 为自动识别）")
	fs.StringVar(&opt.Source.ID, "source", "", "已有来源文件的编号")
	fs.StringVar(&opt.Source.Title, "source-title", "", "来源文件标题（默认为表的标题）")
	fs.StringVar(&opt.Source.Publisher, "source-publisher", "", "发布机构（默认为表下的资料来源）")
	fs.StringVar(&opt.Source.Date, "source-date", "", "发布日期 YYYY、YYYY-MM 或 YYYY-MM-DD")
	fs.StringVar(&opt.Source.URL, "source-url", "", "来源文件的链接")
	var path string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return fmt.Errorf("import: %w (usage: import FILE [-dry-run] [-sheet S] [-metric CODE] [-source-date D] …)", err)
		}
		if fs.NArg() == 0 {
			break
		}
		if path != "" {
			return fmt.Errorf("import: unexpected argument %q (usage: import FILE [-dry-run])", fs.Arg(0))
		}
		path, rest = fs.Arg(0), fs.Args()[1:]
	}
	dry = dry || dryUnderscore
	if path == "" {
		return errors.New("import: no file given (usage: import FILE [-dry-run])")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	db, err := openForCLI(cfg, out)
	if err != nil {
		return err
	}
	defer models.Close(db)
	if models.IsFiguresCSV(data) {
		return importFiguresCSV(db, path, data, dry, out)
	}
	return importTable(db, path, data, opt, dry, allow, out)
}

// importTable reads, previews and (unless dry) commits a table by name.
func importTable(db *gorm.DB, path string, data []byte, opt models.SheetImportOptions, dry, allow bool, out io.Writer) error {
	wb, err := sheet.Read(filepath.Base(path), data, sheet.DefaultLimits)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	p, err := models.PreviewSheet(db, wb, opt)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	fmt.Fprintf(out, "%s：工作表“%s”，%s，单位 %s\n", path, p.Sheet, p.LayoutLabel, orDash(p.Unit))
	if p.Title != "" {
		fmt.Fprintf(out, "  标题：%s\n", p.Title)
	}
	fmt.Fprintf(out, "  来源文件：%s（%s，%s）", orDash(p.Source.Title), orDash(p.Source.Publisher), orDash(p.Source.PublishedOn))
	if p.SourceNew {
		fmt.Fprint(out, " 新登记")
	}
	fmt.Fprintln(out)
	for _, m := range p.Metrics {
		fmt.Fprintf(out, "  新建指标：%s（%s）%s\n", m.Name, m.Unit, similarText(m.Similar))
	}
	c := p.Counts
	fmt.Fprintf(out, "  数字 figures: %d（新增 new %d，更新 changed %d，不变 unchanged %d），空缺 missing %d，问题 problems %d\n",
		c.Figures, c.New, c.Changed, c.Unchanged, c.Missing, c.Problems)
	for i, pr := range p.Problems {
		if i == 50 {
			fmt.Fprintf(out, "  … 另有 %d 处问题未列出\n", len(p.Problems)-i)
			break
		}
		fmt.Fprintf(out, "  %s %s\n", orDash(pr.Cell), pr.Message)
		for _, cand := range pr.Candidates {
			fmt.Fprintf(out, "      可选 %s %s\n", cand.Code, cand.Path)
		}
	}
	if dry {
		fmt.Fprintln(out, "  试运行，未写入 (dry run, nothing written)")
		return nil
	}
	if err := models.SavePreview(db, p, models.ActorCLI, filepath.Base(path), sha256Hex(data)); err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	rep, err := models.CommitImport(db, p.ID, models.ActorCLI, allow)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	fmt.Fprintf(out, "  已导入 (imported)：新增 %d，更新 %d，不变 %d；导入编号 %s；数据版本 %d\n",
		rep.Counts.New, rep.Counts.Changed, rep.Counts.Unchanged, rep.ID, rep.DataVersion)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func similarText(ms []models.MetricSuggestion) string {
	if len(ms) == 0 {
		return ""
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name + " " + m.Code
	}
	return "；相近的已有指标：" + strings.Join(names, "、") + "（用 -metric 代码 选用）"
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// importFiguresCSV imports a CSV in the app's own format.
func importFiguresCSV(db *gorm.DB, path string, data []byte, dry bool, out io.Writer) error {
	rep, err := models.ImportCSV(db, data, models.ImportOptions{Actor: models.ActorCLI, DryRun: dry, FileName: filepath.Base(path)})
	var ie *models.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintf(out, "%s：%d 行有错误，未写入任何数据 (%d bad rows, nothing imported)\n", path, ie.BadRows, ie.BadRows)
		for _, r := range ie.Rows {
			fields := make([]string, 0, len(r.Fields))
			for f := range r.Fields {
				fields = append(fields, f)
			}
			sort.Strings(fields)
			for _, f := range fields {
				fmt.Fprintf(out, "  第 %d 行 (line %d) %s: %s\n", r.Line, r.Line, f, r.Fields[f])
			}
		}
		if len(ie.Rows) < ie.BadRows {
			fmt.Fprintf(out, "  … 另有 %d 行未列出 (%d more not listed)\n", ie.BadRows-len(ie.Rows), ie.BadRows-len(ie.Rows))
		}
		return fmt.Errorf("import %s: %d bad rows, nothing imported", path, ie.BadRows)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	verb := "已导入 (imported)"
	if rep.DryRun {
		verb = "试运行，未写入 (dry run, nothing written)"
	}
	fmt.Fprintf(out, "%s %s\n  行数 rows:      %d\n  新增 new:       %d\n  更新 updated:   %d\n  不变 unchanged: %d\n  sha256: %s\n  数据版本 data version: %d\n",
		path, verb, rep.Rows, rep.New, rep.Updated, rep.Unchanged, rep.SHA256, rep.DataVersion)
	return nil
}

// RunExport implements "ecomdash export [FILE]": every figure as CSV (the
// format the import reads) to FILE, or to stdout when no file is given. The
// report goes to report.
func RunExport(cfg Config, args []string, stdout, report io.Writer) error {
	if len(args) > 1 || (len(args) == 1 && strings.HasPrefix(args[0], "-")) {
		return fmt.Errorf("export: unexpected arguments %q (usage: export [FILE])", args)
	}
	db, err := openForCLI(cfg, report)
	if err != nil {
		return err
	}
	defer models.Close(db)
	if len(args) == 0 {
		out := bufio.NewWriter(stdout)
		if err := models.ExportCSV(db, models.ObservationFilter{}, out); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return fmt.Errorf("export: write stdout: %w", err)
		}
		return nil
	}
	if err := writeFileAtomically(args[0], func(w io.Writer) error {
		return models.ExportCSV(db, models.ObservationFilter{}, w)
	}); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	c, err := models.CountAll(db)
	if err != nil {
		return err
	}
	fmt.Fprintf(report, "已导出 %d 条数据到 %s (exported %d observations)\n", c.Observations, args[0], c.Observations)
	return nil
}

// writeFileAtomically writes path through write, streaming, into a
// temporary file beside it that is renamed into place only once complete:
// a failed export leaves any earlier file as it was.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleans up on failure
	buf := bufio.NewWriter(tmp)
	err = write(buf)
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// RunSignEmbed implements "ecomdash sign-embed [-ttl 720h] PATH": it prints
// PATH (an /embed/ or /screen path with its options, such as
// "/embed/charts/express-parcels-2020?theme=dark") with exp and sig added,
// signed with EMBED_SIGNING_KEY and valid for ttl: by default 30 days, or
// EMBED_MAX_TTL if shorter, as POST /api/admin/embed-url signs.
func RunSignEmbed(cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sign-embed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	embed := cfg.embedConfig()
	ttl := fs.Duration("ttl", embed.DefaultLifetime(), "how long the signed URL stays valid (at most EMBED_MAX_TTL)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("sign-embed: %w", err)
	}
	if fs.NArg() != 1 {
		return errors.New("sign-embed: usage: ecomdash sign-embed [-ttl 720h] /embed/charts/ID?OPTIONS (or /screen/ID?OPTIONS)")
	}
	if len(embed.SigningKey) == 0 {
		return errors.New("sign-embed: EMBED_SIGNING_KEY is not set; without it embeds need no signature")
	}
	if maxTTL := embed.MaxLifetime(); *ttl <= 0 || *ttl > maxTTL {
		return fmt.Errorf("sign-embed: -ttl must be positive and at most EMBED_MAX_TTL (%s)", maxTTL)
	}
	expires := time.Now().Add(*ttl)
	signed, err := handlers.SignEmbedURL(embed.SigningKey, fs.Arg(0), expires)
	if err != nil {
		return fmt.Errorf("sign-embed: %w", err)
	}
	fmt.Fprintf(stdout, "%s\n", signed)
	fmt.Fprintf(stderr, "valid until %s\n", expires.Format(time.RFC3339))
	return nil
}

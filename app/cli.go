package app

import (
	"bufio"
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

// RunImport implements "ecomdash import FILE.csv [-dry-run]": it validates
// the file and upserts its figures in one transaction (audited as "cli"),
// or with -dry-run only reports what would change. The report goes to out;
// a file with bad rows lists each one and returns an error, having written
// nothing. The command line has no size limit (the HTTP import has 10 MiB).
func RunImport(cfg Config, args []string, out io.Writer) error {
	var path string
	dry := false
	for _, a := range args {
		switch a {
		case "-dry-run", "--dry-run", "-dry_run", "--dry_run":
			dry = true
		default:
			if strings.HasPrefix(a, "-") || path != "" {
				return fmt.Errorf("import: unexpected argument %q (usage: import FILE.csv [-dry-run])", a)
			}
			path = a
		}
	}
	if path == "" {
		return errors.New("import: no file given (usage: import FILE.csv [-dry-run])")
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
// PATH (an /embed/ path with its options, such as
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
		return errors.New("sign-embed: usage: ecomdash sign-embed [-ttl 720h] /embed/charts/ID?OPTIONS")
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

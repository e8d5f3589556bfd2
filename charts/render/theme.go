package render

import (
	"ecomdash/charts/theme"
	"encoding/json"
)

// themeBackground is the backgroundColor to force on the option, or "" to
// keep the option's own: light keeps the option's colour (white when it has
// none); dark keeps it only when it is itself dark, so a light-theme option
// drawn dark does not end up with dark text on white.
func themeBackground(option []byte, themeName string) string {
	var o struct {
		BackgroundColor any `json:"backgroundColor"`
	}
	_ = json.Unmarshal(option, &o)
	bg, _ := o.BackgroundColor.(string)
	if themeName == "dark" {
		if c, ok := parseColor(bg); ok && c.A > 0 && luminance(c) < 0.5 {
			return ""
		}
		return theme.Dark.Background
	}
	if o.BackgroundColor == nil || bg == "" {
		return theme.Light.Background
	}
	return ""
}

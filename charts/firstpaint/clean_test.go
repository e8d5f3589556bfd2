package firstpaint

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The renderer's SVGs in testdata are real output (an hbar chart with a
// markLine, grouped bars with a legend in the dark theme at phone width, a
// gauge at embed size, a line chart with its clip path, a pie with label
// lines in the dark theme); each NAME.page.svg beside it was written by the
// regular-expression sanitiser Clean replaced. Clean must give the same
// bytes: the first paint of the charts the app draws does not change.
func TestCleanKeepsTheRenderersOutputByteForByte(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.svg")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".page.svg") {
			continue
		}
		n++
		svg, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(in, ".svg") + ".page.svg")
		if err != nil {
			t.Fatal(err)
		}
		got, err := Clean(svg, "p0a1b2c3d640-")
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s differs at byte %d:\n got %q\nwant %q", in, i, excerpt(got, i), excerpt(want, i))
		}
	}
	if n < 5 {
		t.Errorf("%d renderer SVGs in testdata, want 5", n)
	}
}

func excerpt(b []byte, i int) []byte {
	return b[max(0, i-60):min(len(b), i+60)]
}

const (
	// head is the root element as the renderer writes it, and pageHead as
	// Clean writes it.
	head     = `<svg width="640" height="400" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" baseProfile="full" viewBox="0 0 640 400">`
	pageHead = `<svg width="100%" height="100%" preserveAspectRatio="xMidYMid meet" focusable="false" aria-hidden="true" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" baseProfile="full" viewBox="0 0 640 400">`
	// textOpen is a text element as zrender writes it.
	textOpen = `<text dominant-baseline="central" text-anchor="start" style="font-size:12px;font-family:'Noto Sans SC', sans-serif;" transform="translate(16 20)" fill="#333">`
)

// clean runs Clean on body inside the renderer's root element and returns
// what it kept inside the root.
func clean(t *testing.T, body string) string {
	t.Helper()
	out, err := Clean([]byte(head+body+"</svg>"), "p-")
	if err != nil {
		t.Fatalf("Clean(%q): %v", body, err)
	}
	s := string(out)
	if !strings.HasPrefix(s, pageHead) || !strings.HasSuffix(s, "</svg>") {
		t.Fatalf("Clean(%q) = %q: not one root element", body, s)
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, pageHead), "</svg>")
}

// Texts are kept whatever they hold: the renderer escapes them, Clean reads
// them and escapes them again the same way.
func TestCleanKeepsHarmlessTexts(t *testing.T) {
	for _, text := range []string{
		"= 5%",
		"网络零售 online = 5%", // the old sanitiser took " online =" for an event handler
		"a<b",
		`"quoted"`,
		"'single'",
		"R&D",
		"近300亿元",
		"</script><script>alert(1)</script>",
		"javascript:alert(1)",
		"url(javascript:alert(1))",
		"<![CDATA[x]]>",
		"&amp; &lt; &#39;",
		"zr1-c0 is a text, not an id",
	} {
		t.Run(text, func(t *testing.T) {
			escaped := escapeText(text)
			got := clean(t, textOpen+escaped+"</text>")
			if want := textOpen + escaped + "</text>"; got != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
			if back := readText(t, got); back != text {
				t.Errorf("the page shows %q, want %q", back, text)
			}
		})
	}
}

// escapeText escapes s as zrender escapes texts.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// readText returns the text inside the XML fragment s.
func readText(t *testing.T, s string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
}

// Every known way for an SVG to run script or load something is dropped,
// and what is harmless around it is kept.
func TestCleanDropsScriptVectors(t *testing.T) {
	const path = `<path d="M0 0L1 1" fill="#f00"></path>`
	for _, tc := range []struct{ name, in, want string }{
		{"script element", `<script>alert(1)</script>` + path, path},
		{"script in a group", `<g><script type="text/javascript">alert(1)</script></g>`, `<g ></g>`},
		{"script with a prefix", `<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>`, ``},
		{"CDATA script", `<script><![CDATA[alert(1)]]></script>`, ``},
		{"onload", `<path d="M0 0" onload="alert(1)"></path>`, `<path d="M0 0"></path>`},
		{"onclick in capitals", `<rect ONCLICK="alert(1)" width="1"></rect>`, `<rect width="1"></rect>`},
		{"onmouseover on text", `<text onmouseover="alert(1)" x="1">t</text>`, `<text x="1">t</text>`},
		{"namespaced handler", `<g xlink:onclick="alert(1)"></g>`, `<g ></g>`},
		{"link", `<a href="javascript:alert(1)"><text>t</text></a>`, ``},
		{"xlink link", `<a xlink:href="javascript:alert(1)">` + path + `</a>`, ``},
		{"gradient href javascript", `<linearGradient href="javascript:alert(1)" x1="0"></linearGradient>`, `<linearGradient x1="0"></linearGradient>`},
		{"gradient xlink:href entity-encoded", `<linearGradient xlink:href="&#106;avascript:alert(1)"></linearGradient>`, `<linearGradient ></linearGradient>`},
		{"gradient href tab and case", `<radialGradient href="jav&#x09;aScRipt:alert(1)"></radialGradient>`, `<radialGradient ></radialGradient>`},
		{"gradient href external", `<linearGradient href="https://evil.example/g.svg#alert"></linearGradient>`, `<linearGradient ></linearGradient>`},
		{"gradient href local kept", `<linearGradient href="#zr1-g0"></linearGradient>`, `<linearGradient href="#p-0"></linearGradient>`},
		{"fill url javascript", `<path d="M0 0" fill="url(javascript:alert(1))"></path>`, `<path d="M0 0"></path>`},
		{"fill url external", `<path d="M0 0" fill="url('https://evil.example/alert.svg#g')"></path>`, `<path d="M0 0"></path>`},
		{"fill url entity-encoded", `<path d="M0 0" fill="&#117;rl(jav&#x0A;ascript:alert(1))"></path>`, `<path d="M0 0"></path>`},
		{"fill url local kept", `<path d="M0 0" fill="url(#zr1-g0)"></path>`, `<path d="M0 0" fill="url(#p-0)"></path>`},
		{"fill data URL", `<path d="M0 0" fill="url(data:image/svg+xml,alert)"></path>`, `<path d="M0 0"></path>`},
		{"animate", `<animate attributeName="href" values="javascript:alert(1)"></animate>` + path, path},
		{"animate entity-encoded", `<animate attributeName="href" values="&#106;avascript:alert(1)"></animate>`, ``},
		{"animate inside a link", `<g><animate attributeName="xlink:href" to="javascript:alert(1)"></animate></g>`, `<g ></g>`},
		{"set", `<set attributeName="onmouseover" to="alert(1)"></set>`, ``},
		{"animateTransform", `<animateTransform attributeName="href" from="javascript:alert(1)"></animateTransform>`, ``},
		{"animateMotion", `<animateMotion><mpath href="javascript:alert(1)"></mpath></animateMotion>`, ``},
		{"foreignObject", `<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></body></foreignObject>`, ``},
		{"use external", `<use href="https://evil.example/x.svg#alert"></use>`, ``},
		{"use data URL", `<use xlink:href="data:image/svg+xml;base64,YWxlcnQ="></use>`, ``},
		{"image", `<image href="https://evil.example/alert.png" width="1" height="1"></image>`, ``},
		{"iframe", `<iframe src="javascript:alert(1)"></iframe>`, ``},
		{"embed", `<embed src="https://evil.example/alert.swf"></embed>`, ``},
		{"object", `<object data="https://evil.example/alert"></object>`, ``},
		{"nested svg", `<svg onload="alert(1)"></svg>`, ``},
		{"style element import", `<style>@import url(https://evil.example/alert.css);</style>`, ``},
		{"style element javascript url", `<style><![CDATA[.zr1-cls-0:hover{fill:url(javascript:alert(1));}]]></style>`, ``},
		{"style element external url", `<style>.zr1-cls-0:hover{fill:url(https://evil.example/alert);}</style>`, ``},
		{"style element expression", `<style>.zr1-cls-0:hover{fill:expression(alert(1));}</style>`, ``},
		{"style element other selector", `<style>text{cursor:pointer;}</style>`, ``},
		{"style element escape", `<style>.zr1-cls-0:hover{fill:\75rl(alert);}</style>`, ``},
		{"style element with markup", `<style>.zr1-cls-0:hover{cursor:pointer;}<script>alert(1)</script></style>`, ``},
		{"style element font face", `<style>@font-face{font-family:'x';src:url(https://evil.example/alert.woff2);}</style>`, ``},
		{"style attribute javascript url", `<rect style="fill:url(javascript:alert(1))" width="1"></rect>`, `<rect width="1"></rect>`},
		{"style attribute external url", `<rect style="fill:url(https://evil.example/alert)" width="1"></rect>`, `<rect width="1"></rect>`},
		{"style attribute expression", `<rect style="width:expression(alert(1))" width="1"></rect>`, `<rect width="1"></rect>`},
		{"style attribute binding", `<rect style="-moz-binding:url(alert.xml#x)" width="1"></rect>`, `<rect width="1"></rect>`},
		{"style attribute escape", `<rect style="fill:\75rl(alert)" width="1"></rect>`, `<rect width="1"></rect>`},
		{"style attribute comment", `<rect style="fill:u/**/rl(alert)" width="1"></rect>`, `<rect width="1"></rect>`},
		{"style attribute property not allowed", `<rect style="background-image:alert" width="1"></rect>`, `<rect width="1"></rect>`},
		{"id the page knows", `<clipPath id="alert"><path d="M0 0"></path></clipPath>`, `<clipPath ><path d="M0 0"></path></clipPath>`},
		{"class the page styles", `<path d="M0 0" class="zr1-cls-0 alert"></path>`, `<path d="M0 0"></path>`},
		{"processing instruction", `<?xml-stylesheet href="https://evil.example/alert.xsl"?>` + path, path},
		{"comment", `<!-- alert(1) -->` + path, path},
		{"attribute not on the list", `<path d="M0 0" requiredExtensions="alert" systemLanguage="alert"></path>`, `<path d="M0 0"></path>`},
		{"attribute of another element", `<path d="M0 0" points="alert"></path>`, `<path d="M0 0"></path>`},
		{"markup in a value", `<path d="M0 0" fill="&lt;script&gt;alert(1)&lt;/script&gt;"></path>`, `<path d="M0 0"></path>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := clean(t, tc.in)
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if strings.Contains(got, "alert") {
				t.Errorf("the payload survived: %q", got)
			}
		})
	}
}

// Values are written back escaped: a quote in a value cannot end it.
func TestCleanEscapesAttributeValues(t *testing.T) {
	in := `<path d="M0 0" stroke-dasharray="a&quot; onload=&quot;x()" fill="R&amp;D"></path>`
	if got := clean(t, in); got != in {
		t.Errorf("got  %q\nwant %q", got, in)
	}
}

// Outside the root element nothing is kept: a doctype (with or without
// entities), processing instructions, comments, a second root.
func TestCleanKeepsOnlyTheRootElement(t *testing.T) {
	for _, tc := range []struct{ name, before, after string }{
		{"xml declaration", `<?xml version="1.0" encoding="UTF-8"?>` + "\n", ""},
		{"doctype", `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">`, ""},
		{"doctype with entities", `<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>`, ""},
		{"stylesheet", `<?xml-stylesheet href="https://evil.example/alert.xsl"?>`, ""},
		{"comment and text", "<!-- alert(1) -->\n", "\nalert(1)"},
		{"a second root", "", `<script>alert(1)</script><svg onload="alert(1)"></svg>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Clean([]byte(tc.before+head+`<path d="M0 0"></path></svg>`+tc.after), "p-")
			if err != nil {
				t.Fatal(err)
			}
			if want := pageHead + `<path d="M0 0"></path></svg>`; string(out) != want {
				t.Errorf("got  %q\nwant %q", out, want)
			}
		})
	}
}

func TestCleanRefusesWhatIsNotAnSVGDocument(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", ``},
		{"text", `svg 640x400@1 light {}`},
		{"another root", `<html><svg></svg></html>`},
		{"unclosed", head + `<g>`},
		{"mismatched", head + `<g></text></svg>`},
		{"entity not declared", `<!DOCTYPE svg [<!ENTITY x "alert">]>` + head + `<text>&x;</text></svg>`},
		{"bare ampersand", head + `<text>R&D</text></svg>`},
		{"lt in a value", head + `<path d="<"></path></svg>`},
		{"unquoted value", head + `<path d=M0></path></svg>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if out, err := Clean([]byte(tc.in), "p-"); !errors.Is(err, ErrRefused) {
				t.Errorf("Clean = %q, %v; want ErrRefused", out, err)
			}
		})
	}
}

// zrender's ids and class names are renamed by order of first appearance,
// wherever they are referred to (ids, classes, url(#…), href, the hover
// rules), so the same chart is the same bytes whatever the renderer drew
// before; texts are left as written.
func TestCleanRenamesZrenderNames(t *testing.T) {
	in := `<defs ><clipPath id="zr7-c0"><path d="M0 0" class="zr7-cls-3"></path></clipPath></defs>` +
		`<g clip-path="url(#zr7-c0)"><path d="M0 0" class="zr7-cls-12" fill="url(#zr7-g1)"></path></g>` +
		textOpen + `zr7-cls-12</text>` +
		"<style ><![CDATA[\n.zr7-cls-12:hover {\ncursor:pointer;\nfill:rgba(0,0,0,1);\n}\n.zr7-cls-3:hover {\npointer-events:none;\n}\n\n]]>\n\n</style>"
	want := `<defs ><clipPath id="p-0"><path d="M0 0" class="p-1"></path></clipPath></defs>` +
		`<g clip-path="url(#p-0)"><path d="M0 0" class="p-2" fill="url(#p-3)"></path></g>` +
		textOpen + `zr7-cls-12</text>` +
		"<style ><![CDATA[\n.p-2:hover {\ncursor:pointer;\nfill:rgba(0,0,0,1);\n}\n.p-1:hover {\npointer-events:none;\n}\n\n]]>\n\n</style>"
	if got := clean(t, in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"modernc.org/quickjs"

	"ecomdash/static"
)

// echartsPath is the ECharts build the browser loads, inside static.FS.
const echartsPath = "vendor/echarts/echarts-5.6.0.min.js"

// evalTimeout bounds one render inside the JS engine, so a pathological
// option cannot hold a VM for ever.
const evalTimeout = 20 * time.Second

// prelude gives ECharts the few host objects it touches in SSR mode. Timers
// never fire: with animation off and ssr on, ECharts renders synchronously.
const prelude = `
var self = globalThis, window = undefined;
var console = { log: function () {}, warn: function () {}, error: function () {}, info: function () {}, debug: function () {} };
var __timerID = 0;
function setTimeout() { return ++__timerID; }
function clearTimeout() {}
function setInterval() { return ++__timerID; }
function clearInterval() {}
`

// renderJS is evaluated after ECharts. __render draws one option and returns
// the SVG document; measureText goes to Go so ECharts lays text out with the
// same font metrics the PNG rasteriser draws with.
const renderJS = `
echarts.setPlatformAPI({
	measureText: function (text, font) { return { width: __measure(String(text), String(font || '')) }; }
});
// zrender writes attribute values unescaped: a double quote in a font
// family list (the usual CSS spelling) would end the style attribute. Single
// quotes mean the same in CSS.
function __sanitize(v, depth) {
	if (depth > 64 || v === null || typeof v !== 'object') { return; }
	for (var k in v) {
		var x = v[k];
		if (typeof x === 'string') {
			if (k === 'fontFamily' || k === 'color' || k === 'backgroundColor' || k === 'borderColor' || k === 'shadowColor' || k === 'fill' || k === 'stroke' || k === 'textBorderColor' || k === 'font') {
				v[k] = x.replace(/"/g, "'").replace(/[<>&]/g, '');
			}
		} else if (typeof x === 'object') {
			__sanitize(x, depth + 1);
		}
	}
}
function __render(optionJSON, width, height, theme, background) {
	var option = JSON.parse(optionJSON);
	if (option === null || typeof option !== 'object' || Array.isArray(option)) {
		throw new TypeError('option is not a JSON object');
	}
	option.animation = false;
	__sanitize(option, 0);
	if (background) { option.backgroundColor = background; }
	var chart = echarts.init(null, theme === 'dark' ? 'dark' : null, { renderer: 'svg', ssr: true, width: width, height: height });
	try {
		chart.setOption(option);
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}
`

var (
	bytecodeOnce sync.Once
	bytecode     []byte // prelude + ECharts + renderJS, compiled once per process
	bytecodeErr  error
)

// compiled returns the QuickJS bytecode of the whole render script.
func compiled() ([]byte, error) {
	bytecodeOnce.Do(func() {
		src, err := static.FS.ReadFile(echartsPath)
		if err != nil {
			bytecodeErr = fmt.Errorf("render: read echarts: %w", err)
			return
		}
		vm, err := quickjs.NewVM()
		if err != nil {
			bytecodeErr = fmt.Errorf("render: new vm: %w", err)
			return
		}
		defer vm.Close()
		script := prelude + "\n" + string(src) + "\n;" + renderJS
		bytecode, bytecodeErr = vm.Compile(script, quickjs.EvalGlobal)
		if bytecodeErr != nil {
			bytecodeErr = fmt.Errorf("render: compile echarts: %w", bytecodeErr)
		}
	})
	return bytecode, bytecodeErr
}

// jsVM is one QuickJS VM with ECharts loaded. It is used by one goroutine at
// a time (the pool hands it out).
type jsVM struct {
	vm    *quickjs.VM
	fonts *fontFamily
}

func newJSVM(m *fontFamily) (*jsVM, error) {
	bc, err := compiled()
	if err != nil {
		return nil, err
	}
	vm, err := quickjs.NewVM()
	if err != nil {
		return nil, fmt.Errorf("render: new vm: %w", err)
	}
	j := &jsVM{vm: vm, fonts: m}
	if err := vm.RegisterFunc("__measure", j.measure, false); err != nil {
		vm.Close()
		return nil, fmt.Errorf("render: register measure: %w", err)
	}
	if _, err := vm.EvalBytecode(bc); err != nil {
		vm.Close()
		return nil, fmt.Errorf("render: load echarts: %w", err)
	}
	_ = vm.SetEvalTimeout(evalTimeout)
	return j, nil
}

func (j *jsVM) measure(text, font string) float64 {
	return j.fonts.measure(text, font)
}

// svg renders option to an SVG document.
func (j *jsVM) svg(option []byte, width, height int, theme, background string) (out string, err error) {
	defer func() {
		// A panic inside the engine leaves the VM unusable; report it as an
		// error and let the pool replace the VM.
		if p := recover(); p != nil {
			err = fmt.Errorf("render: js engine panic: %v", p)
		}
	}()
	if !json.Valid(option) {
		return "", errors.New("render: option is not valid JSON")
	}
	r, err := j.vm.Call("__render", string(option), width, height, theme, background)
	if err != nil {
		return "", fmt.Errorf("render: echarts: %w", err)
	}
	s, ok := r.(string)
	if !ok || !strings.HasPrefix(s, "<svg") {
		return "", fmt.Errorf("render: echarts returned %T, not an SVG document", r)
	}
	return finishSVG(s), nil
}

// FontURL is where the browser finds the shipped face (static.FS served at
// /static/); the SVG declares it in an @font-face rule so that a browser
// opening the SVG draws it in the same face as the PNG.
var FontURL = "/static/fonts/NotoSansSC-Regular-subset.woff2"

var fontFamilyRE = regexp.MustCompile(`font-family:([^;"]*)`)

// finishSVG puts the shipped face first in every font-family (ECharts writes
// its own default, sans-serif, for texts whose style names none, such as
// graphic elements) and declares it with @font-face.
func finishSVG(s string) string {
	s = fontFamilyRE.ReplaceAllStringFunc(s, func(m string) string {
		list := strings.TrimSpace(strings.TrimPrefix(m, "font-family:"))
		first, _, _ := strings.Cut(list, ",")
		if strings.Trim(strings.TrimSpace(first), `'`) == FontFamily {
			return m
		}
		if list == "" {
			return "font-family:'" + FontFamily + "', sans-serif"
		}
		return "font-family:'" + FontFamily + "', " + list
	})
	if i := strings.IndexByte(s, '>'); i > 0 {
		face := "<style>@font-face{font-family:'" + FontFamily + "';src:url(" + FontURL + ") format('woff2');}</style>"
		s = s[:i+1] + face + s[i+1:]
	}
	return s
}

func (j *jsVM) close() {
	defer func() { _ = recover() }()
	_ = j.vm.Close()
}

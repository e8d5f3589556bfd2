package charts

import (
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/theme"
	"ecomdash/models"
	"ecomdash/seed"
)

// regionName is the region's name as stored, or fallback when the figure is missing.
func regionName(o models.Observation, ok bool, fallback string) string {
	if ok && o.Region.NameZH != "" {
		return o.Region.NameZH
	}
	return fallback
}

// metrics builds a query for the given metric codes (any region, any period):
// a chart's draw function picks what it needs from them.
func metrics(codes ...string) models.ObservationFilter {
	return models.ObservationFilter{MetricCodes: codes}
}

// catalogue is every chart, in the order the dashboard shows them.
var catalogue = []*Spec{
	{
		ID:      "quzhou-vs-zhejiang-online-retail-2012",
		Title:   "衢州市与浙江省网络零售额对比",
		Lead:    "对数坐标",
		Reading: "衢州市2012年网络零售额只占全省的0.61%，同一线性坐标下衢州的柱形几乎看不见，因此纵轴取对数坐标：每一格代表10倍。柱顶标注的是文件原文数值。",
		Query:   metrics("online_retail_sales", "share_of_province_online_retail"),
		draw: func(d *Data) drawing {
			share, shareOK := d.Annotation(seed.RegionQuzhou, "share_of_province_online_retail", "2012")
			q := d.barOf("衢州市", seed.RegionQuzhou, "online_retail_sales", "2012")
			q.label = regionName(q.obs, q.ok, "衢州市")
			if shareOK {
				q.label += "\n（占全省" + DisplayValue(share) + "）"
			}
			z := d.barOf("浙江省", seed.RegionZhejiang, "online_retail_sales", "2012")
			z.label = regionName(z.obs, z.ok, "浙江省")
			return drawBars([]bar{q.withColor(colorFocus), z.withColor(colorCompare)},
				barStyle{logScale: true, axisName: "亿元（对数）", series: "网络零售额"})
		},
	},
	{
		ID:      "quzhou-share-of-zhejiang-2012",
		Title:   "衢州市各项指标占浙江省比重",
		Lead:    "灰色为经济社会基础指标，蓝色为电子商务指标",
		Reading: "讲话的核心论点：衢州国土面积占全省8%、人口占5%、GDP占2%，而网络零售额只占0.61%。虚线为人口占比，蓝色柱低于虚线即电子商务发展落后于人口份额。",
		Query: metrics("share_of_province_area", "share_of_province_population", "share_of_province_gdp",
			"share_of_province_online_retail", "share_of_province_alibaba_firms",
			"share_of_province_farmer_mailbox_users", "share_of_province_farmer_mailbox_trade"),
		draw: func(d *Data) drawing {
			base := []struct{ label, metric, color string }{
				{"国土面积", "share_of_province_area", colorCompare},
				{"人口", "share_of_province_population", colorCompare},
				{"GDP", "share_of_province_gdp", colorCompare},
				{"“农民信箱”用户数", "share_of_province_farmer_mailbox_users", colorFocus},
				{"阿里巴巴注册电商企业数", "share_of_province_alibaba_firms", colorFocus},
				{"网络零售额", "share_of_province_online_retail", colorFocus},
				{"“农民信箱”网上交易额", "share_of_province_farmer_mailbox_trade", colorFocus},
			}
			bars := make([]bar, 0, len(base))
			for _, b := range base {
				bars = append(bars, d.barOf(b.label, seed.RegionQuzhou, b.metric, "2012").withColor(b.color))
			}
			sort.SliceStable(bars, func(i, j int) bool { return bars[i].obs.Value > bars[j].obs.Value })
			dr := drawBars(bars, barStyle{horizontal: true, axisName: "%", series: "占全省比重"})
			if pop, ok := d.Annotation(seed.RegionQuzhou, "share_of_province_population", "2012"); ok {
				series := dr.extra["series"].([]any)[0].(map[string]any)
				series["markLine"] = map[string]any{
					"silent": true, "symbol": "none",
					"lineStyle": map[string]any{"color": theme.Light.Muted, "type": "dashed"},
					"label":     map[string]any{"formatter": "人口占比 " + DisplayValue(pop), "position": "insideEndTop", "color": theme.Light.Muted},
					"data":      []any{map[string]any{"xAxis": pop.Value}},
				}
			}
			return dr
		},
	},
	{
		ID:      "online-retail-share-of-consumer-retail-2012",
		Title:   "网络零售额占社会消费品零售总额比重",
		Lead:    "衢州市、全国与浙江省",
		Reading: "衢州市网络零售额占全市社会消费品销售总额的3.1%，不到全国（6.3%）的一半，约为浙江省（15%）的五分之一。",
		Query:   metrics("online_retail_share_of_consumer_retail"),
		draw: func(d *Data) drawing {
			bars := []bar{
				d.barOf("衢州市", seed.RegionQuzhou, "online_retail_share_of_consumer_retail", "2012").withColor(colorFocus),
				d.barOf("全国", seed.RegionNation, "online_retail_share_of_consumer_retail", "2012").withColor(colorCompare),
				d.barOf("浙江省", seed.RegionZhejiang, "online_retail_share_of_consumer_retail", "2012").withColor(colorCompare),
			}
			for i := range bars {
				bars[i].label = regionName(bars[i].obs, bars[i].ok, bars[i].label)
			}
			return drawBars(bars, barStyle{axisName: "%", series: "网络零售额占社会消费品零售总额比重"})
		},
	},
	{
		ID:      "quzhou-online-retail-2011-2012",
		Title:   "衢州市网络零售额及增长",
		Lead:    "",
		Reading: "衢州市网络零售额从2011年的7.4亿元增至2012年的12.3亿元，讲话所述增速为66.22%。",
		Query:   metrics("online_retail_sales", "online_retail_growth"),
		draw: func(d *Data) drawing {
			prev := d.barOf("2011年", seed.RegionQuzhou, "online_retail_sales", "2011").withColor(colorCompare)
			cur := d.barOf("2012年", seed.RegionQuzhou, "online_retail_sales", "2012").withColor(colorFocus)
			if g, ok := d.Annotation(seed.RegionQuzhou, "online_retail_growth", "2012"); ok {
				cur.label += "\n同比增长" + DisplayValue(g)
			}
			return drawBars([]bar{prev, cur}, barStyle{axisName: "亿元", series: "衢州市网络零售额"})
		},
	},
	{
		ID:      "jinhua-vs-quzhou-online-retail-2012",
		Title:   "金华市与衢州市网络零售额对比",
		Lead:    "考察组所见“金华模式”",
		Reading: "金华市2012年网络零售额近300亿元，居浙江省第二位；同年衢州市为12.3亿元。金华的数字为讲话中的约数（“近”）。",
		Query:   metrics("online_retail_sales"),
		draw: func(d *Data) drawing {
			j := d.barOf("金华市", seed.RegionJinhua, "online_retail_sales", "2012").withColor(colorCompare)
			q := d.barOf("衢州市", seed.RegionQuzhou, "online_retail_sales", "2012").withColor(colorFocus)
			j.label = regionName(j.obs, j.ok, j.label)
			q.label = regionName(q.obs, q.ok, q.label)
			return drawBars([]bar{j, q}, barStyle{axisName: "亿元", series: "网络零售额"})
		},
	},
	{
		ID:      "jiading-ecommerce-2020",
		Title:   "嘉定区限额以上电子商务销售额与零售额",
		Lead:    "2019年为按同比增速推算的数值（虚线框）",
		Reading: "嘉定区2020年限额以上电子商务销售额2403.8亿元、零售额988.4亿元，同比分别增长16.5%和12.9%。文件未给出2019年数值，图中2019年柱按2020年数值与增速推算，仅供对照。",
		Query:   metrics("ecommerce_sales_above_quota", "ecommerce_retail_above_quota", "ecommerce_sales_above_quota_growth", "ecommerce_retail_above_quota_growth"),
		draw:    drawJiading,
	},
	{
		ID:      "township-express-coverage-2020",
		Title:   "全国乡镇快递网点覆盖率",
		Lead:    "设立快递服务网点的乡镇占比",
		Reading: "国家邮政局2020年4月介绍：全国已有96.6%的乡镇设立了快递服务网点；村级覆盖率仍偏低，“快递进村”工程力争三年基本实现村村通快递。",
		Query:   metrics("township_express_coverage"),
		draw: func(d *Data) drawing {
			o, ok := d.Get(seed.RegionNation, "township_express_coverage", "2020-04")
			return drawGauge("乡镇快递网点覆盖率", o, ok)
		},
	},
	{
		ID:      "express-parcels-2020",
		Title:   "全国快递业务量与农村快件",
		Lead:    "两项口径不同：前者为日均量，后者为一季度累计",
		Reading: "2020年4月全国每天快递量已超过2亿件，基本恢复到疫情前水平；一季度农村地区收投快件量超过30亿件。两项数字时间口径不同，不宜直接相加或相除。",
		Query:   metrics("express_daily_parcels", "rural_express_parcels"),
		draw: func(d *Data) drawing {
			return drawBars([]bar{
				d.barOf("每天快递量（2020年4月）", seed.RegionNation, "express_daily_parcels", "2020-04").withColor(colorFocus),
				d.barOf("农村地区收投快件量（2020年一季度）", seed.RegionNation, "rural_express_parcels", "2020Q1").withColor(colorAccent),
			}, barStyle{horizontal: true, axisName: "亿件", series: "快件量"})
		},
	},
	{
		ID:      "online-consumption-growth-2020q1",
		Title:   "疫情期间网络消费与移动流量增长",
		Lead:    "同比增速",
		Reading: "2020年一季度网络零售规模与上年基本持平，其中实物商品网上零售额增长5.9%；移动互联网接入流量同比增长39.3%。",
		Query:   metrics("physical_goods_online_retail_growth", "mobile_internet_traffic_growth"),
		draw: func(d *Data) drawing {
			return drawBars([]bar{
				d.barOf("实物商品网上零售额", seed.RegionNation, "physical_goods_online_retail_growth", "2020Q1").withColor(colorFocus),
				d.barOf("移动互联网接入流量", seed.RegionNation, "mobile_internet_traffic_growth", "2020Q1").withColor(colorAccent),
			}, barStyle{horizontal: true, axisName: "%", series: "同比增长"})
		},
	},
	{
		ID:      "ecommerce-ratios-2020",
		Title:   "2020年春季电子商务相关比率",
		Lead:    "各项比率分母不同",
		Reading: "三项比率各有其分母：平台内商户复工率（商务大数据监测的350万家商户）、重点行业骨干企业工业电商普及率、快递支撑的实物商品网络零售额占社会消费品零售总额的比重（原文为“1/5”）。",
		Query:   metrics("platform_merchant_resumption_rate", "industrial_ecommerce_penetration", "express_supported_online_retail_share"),
		draw: func(d *Data) drawing {
			return drawBars([]bar{
				d.barOf("平台内商户复工率", seed.RegionNation, "platform_merchant_resumption_rate", "2020-04"),
				d.barOf("工业电商普及率", seed.RegionNation, "industrial_ecommerce_penetration", "2020-03"),
				d.barOf("快递支撑的实物网零占社零比重", seed.RegionNation, "express_supported_online_retail_share", "2020-04"),
			}, barStyle{horizontal: true, axisName: "%", series: "比率"})
		},
	},
	{
		ID:      "internet-plus-circulation-targets-2015",
		Title:   "《“互联网+流通”行动计划》具体目标",
		Lead:    "商务部2015年提出的培育与建设目标",
		Reading: "这些是计划目标，不是完成情况。文件未写明完成年限。",
		Query: metrics("target_rural_ecommerce_demo_counties", "target_ecommerce_demo_bases", "target_ecommerce_demo_enterprises",
			"target_ecommerce_overseas_warehouses", "target_ecommerce_training_bases"),
		draw: func(d *Data) drawing {
			return drawBars([]bar{
				d.barOf("电子商务进农村综合示范县", seed.RegionNation, "target_rural_ecommerce_demo_counties", "2015"),
				d.barOf("国家级电子商务示范企业", seed.RegionNation, "target_ecommerce_demo_enterprises", "2015"),
				d.barOf("电子商务海外仓", seed.RegionNation, "target_ecommerce_overseas_warehouses", "2015"),
				d.barOf("国家级电子商务示范基地", seed.RegionNation, "target_ecommerce_demo_bases", "2015"),
				d.barOf("电子商务人才培训基地", seed.RegionNation, "target_ecommerce_training_bases", "2015"),
			}, barStyle{horizontal: true, axisName: "个/家", series: "目标数"})
		},
	},
	{
		ID:      "beijing-cross-border-2020",
		Title:   "北京市跨境电商载体建设",
		Lead:    "截至2020年9月",
		Reading: "北京市商务局副局长刘梅英介绍：全市培育了15家跨境电商产业园，开设了60家跨境电商体验店，在全球布局了100多个海外仓。",
		Query:   metrics("cross_border_ecommerce_parks", "cross_border_experience_stores", "overseas_warehouses"),
		draw: func(d *Data) drawing {
			return drawBars([]bar{
				d.barOf("跨境电商产业园", seed.RegionBeijing, "cross_border_ecommerce_parks", "2020"),
				d.barOf("跨境电商体验店", seed.RegionBeijing, "cross_border_experience_stores", "2020"),
				d.barOf("海外仓", seed.RegionBeijing, "overseas_warehouses", "2020"),
			}, barStyle{axisName: "家/个", series: "数量"})
		},
	},
}

// drawJiading draws 2019 (derived, dashed) and 2020 bars side by side for
// sales and retail, each 2020 bar labelled with its growth rate.
func drawJiading(d *Data) drawing {
	type row struct{ label, level, growth string }
	rows := []row{
		{"限额以上电子商务销售额", "ecommerce_sales_above_quota", "ecommerce_sales_above_quota_growth"},
		{"限额以上电子商务零售额", "ecommerce_retail_above_quota", "ecommerce_retail_above_quota_growth"},
	}
	labels := make([]string, len(rows))
	prev := make([]point, len(rows))
	cur := make([]point, len(rows))
	for i, r := range rows {
		labels[i] = r.label
		prev[i] = missingPoint(r.label)
		if o, ok := d.Get(seed.RegionJiading, r.level, "2019"); ok {
			prev[i] = pointOf(o, r.label+"（2019年，推算）")
		}
		cur[i] = missingPoint(r.label)
		if o, ok := d.Get(seed.RegionJiading, r.level, "2020"); ok {
			cur[i] = pointOf(o, r.label+"（2020年）")
			if g, ok := d.Annotation(seed.RegionJiading, r.growth, "2020"); ok {
				cur[i].Label = map[string]any{"formatter": DisplayValue(o) + "\n同比增长" + DisplayValue(g)}
			}
		}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "64", Right: "16"}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Top: "100", Bottom: "40", Left: "20", Right: "32", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "亿元"}),
	)
	c.SetXAxis(labels)
	label := charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"})
	c.AddSeries("2019年（推算）", nil, label)
	c.AddSeries("2020年", nil, label)
	c.MultiSeries[0].Data = prev
	c.MultiSeries[1].Data = cur
	return drawing{chart: c, extra: map[string]any{
		"series": []any{
			map[string]any{"barMaxWidth": 56, "itemStyle": map[string]any{"color": colorDerived, "borderColor": colorFocus, "borderType": "dashed", "borderWidth": 1}},
			map[string]any{"barMaxWidth": 56, "itemStyle": map[string]any{"color": colorFocus}},
		},
		"xAxis": []any{map[string]any{"axisTick": map[string]any{"show": false}}},
	}}
}

var byID = func() map[string]*Spec {
	m := make(map[string]*Spec, len(catalogue))
	for _, s := range catalogue {
		m[s.ID] = s
	}
	return m
}()

// Catalogue returns every chart spec in dashboard order.
func Catalogue() []*Spec {
	return catalogue
}

// Lookup returns the spec with the given id.
func Lookup(id string) (*Spec, bool) {
	s, ok := byID[id]
	return s, ok
}

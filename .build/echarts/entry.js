// The ECharts the browser gets: echarts/core with only what the dashboard's
// options use (charts/option.go, charts/layout*.go, charts/fragments.go):
// bar, line, pie and gauge series; title, tooltip, grid, legend, toolbox
// (save as image, data view), markLine, graphic (the 数据来源 line) and aria
// (LegendComponent brings the plain and the scrolling legend);
// the canvas renderer; the Chinese locale. Anything else an option names is
// ignored by ECharts, so a new option key needs its component added here.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, GaugeChart } from 'echarts/charts';
import {
  TitleComponent, TooltipComponent, GridComponent, LegendComponent, ToolboxComponent,
  MarkLineComponent, GraphicComponent, AriaComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import langZH from 'echarts/lib/i18n/langZH.js';

echarts.use([
  BarChart, LineChart, PieChart, GaugeChart,
  TitleComponent, TooltipComponent, GridComponent, LegendComponent, ToolboxComponent,
  MarkLineComponent, GraphicComponent, AriaComponent,
  CanvasRenderer,
]);
echarts.registerLocale('ZH', langZH);

window.echarts = echarts;

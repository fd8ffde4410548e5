// kefu's charts: each page puts its figures in a <script type="application/json"> element and
// this file draws them with ECharts (served from the npm package, never from the internet).
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function bar(id, rows, color) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el);
    chart.setOption({
      color: [color],
      tooltip: {},
      grid: { left: 40, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: rows.map(function (r) { return r.count; }), label: { show: true, position: "top" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function line(id, months, values, name, color, inverse) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el);
    chart.setOption({
      color: [color],
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", name: name, inverse: !!inverse, minInterval: inverse ? 1 : 0, scale: true },
      series: [{ type: "line", name: name, data: values, connectNulls: false, label: { show: true } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function tierLine(id, months, tiers, name, color) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    var levels = [];
    tiers.forEach(function (t) { if (levels.indexOf(t) < 0) levels.push(t); });
    levels.sort();
    var chart = echarts.init(el);
    chart.setOption({
      color: [color],
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "category", name: name, data: levels, inverse: true },
      series: [{ type: "line", step: "middle", name: name, data: tiers }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function valueBar(id, rows, name, color) {
    var el = document.getElementById(id);
    if (!el || !window.echarts || !rows.length) return;
    var chart = echarts.init(el);
    chart.setOption({
      color: [color], tooltip: {}, grid: { left: 50, right: 20, top: 20, bottom: 60 },
      xAxis: { type: "category", data: rows.map(function (r) { return r.label; }), axisLabel: { rotate: 30 } },
      yAxis: { type: "value", name: name, scale: true },
      series: [{ type: "bar", name: name, data: rows.map(function (r) { return r.value === null ? null : Number(r.value); }), label: { show: true, position: "top" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function draw() {
    var d = data("dashboard-data");
    if (d) {
      bar("chart-histogram", d.histogram, "#1d5fa8");
      bar("chart-tiers", d.tiers, "#2f855a");
    }
    var p = data("person-data");
    if (p && p.months.length) {
      line("chart-score", p.months, p.score, p.labels.score, "#1d5fa8", false);
      line("chart-rank", p.months, p.rank, p.labels.rank, "#b7791f", true);
      tierLine("chart-tier", p.months, p.tier, p.labels.tier, "#2f855a");
    }
    var q = data("qa-report-data");
    if (q) {
      valueBar("chart-qa-agents", q.agents, q.labels.mean, "#1d5fa8");
      valueBar("chart-qa-items", q.items, q.labels.lost, "#b7791f");
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

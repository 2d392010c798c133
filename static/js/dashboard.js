// Dashboard charts (Chart.js, vendored) from data the page embeds with json_script,
// and the period picker: a named period submits at once, a date switches to "custom".
// "Refresh now" swaps the figures region (#dashboard-figures) with HTMX: the old charts are
// destroyed before the swap and the new ones drawn from the fresh data after it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("period-form");
  if (form) {
    form.addEventListener("change", (event) => {
      if (event.target.name === "period" && event.target.value !== "custom") {
        form.requestSubmit();
      } else if (event.target.type === "date") {
        form.elements.period.value = "custom";
      }
    });
  }
  // Amounts in the page's language, as the tables show them: German "1.234,56 €",
  // English "€1,234.56" (axis ticks without cents). The data carries plain "1234.56".
  const lang = document.documentElement.lang || "de";
  const euroFormats = [0, 2].map((digits) => new Intl.NumberFormat(lang, {
    style: "currency", currency: "EUR", minimumFractionDigits: digits, maximumFractionDigits: digits,
  }));
  const euro = (value, digits = 2) => euroFormats[digits ? 1 : 0].format(Number(value));
  // A phone has no room beside the doughnut: its legend goes below it.
  const narrow = () => window.matchMedia("(max-width: 575.98px)").matches;

  const drawCharts = () => {
    const revenue = document.getElementById("revenue-data");
    if (revenue && window.Chart) {
      const data = JSON.parse(revenue.textContent);
      new Chart(document.getElementById("revenue-chart"), {
        data: {
          labels: data.labels,
          datasets: [
            { type: "bar", label: data.series.revenue, data: data.revenue, backgroundColor: "#9ec5fe" },
            { type: "line", label: data.series.profit, data: data.profit, borderColor: "#198754",
              backgroundColor: "#198754", tension: 0.2 },
          ],
        },
        options: {
          maintainAspectRatio: false,
          scales: { y: { ticks: { callback: (v) => euro(v, 0) } } },
          plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${euro(c.raw)}` } } },
        },
      });
    }

    const markets = document.getElementById("marketplace-data");
    if (markets && window.Chart) {
      const data = JSON.parse(markets.textContent);
      new Chart(document.getElementById("marketplace-chart"), {
        type: "doughnut",
        data: {
          labels: data.labels,
          datasets: [{ data: data.revenue, backgroundColor:
            ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"] }],
        },
        options: {
          maintainAspectRatio: false,
          plugins: { legend: { position: narrow() ? "bottom" : "right" },
            tooltip: { callbacks: { label: (c) => `${c.label}: ${euro(c.raw)}` } } },
        },
      });
    }
  };
  drawCharts();

  const isFigures = (event) => event.detail.target && event.detail.target.id === "dashboard-figures";
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (isFigures(event) && event.detail.shouldSwap && window.Chart) {
      event.detail.target.querySelectorAll("canvas").forEach((canvas) => {
        const chart = Chart.getChart(canvas);
        if (chart) chart.destroy();
      });
    }
  });
  // After the new figures have settled into the page: draw the charts they brought (the
  // swap replaces the region, so the event's target may be the old element).
  document.body.addEventListener("htmx:afterSettle", () => {
    const canvas = document.getElementById("revenue-chart");
    if (canvas && window.Chart && !Chart.getChart(canvas)) drawCharts();
  });
});

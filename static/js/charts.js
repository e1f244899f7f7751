/* Draws every server-built plotly figure of the page. No inline script: each figure is a
   <script type="application/json" data-chart-for="ID"> next to an empty <div id="ID">; the HTML
   table and summary stay the content, the drawing only adds to them. */
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  // No mode bar: its buttons would be focusable inside the drawing, which is aria-hidden
  // (the table below it is the accessible content, and the CSV link its download).
  var config = { locale: "fr", responsive: true, displayModeBar: false };
  var nodes = document.querySelectorAll("script[type='application/json'][data-chart-for]");
  Array.prototype.forEach.call(nodes, function (node) {
    var target = document.getElementById(node.getAttribute("data-chart-for"));
    if (!target) { return; }
    var figure = JSON.parse(node.textContent);
    target.hidden = false;
    window.Plotly.newPlot(target, figure.data, figure.layout, config);
  });
})();

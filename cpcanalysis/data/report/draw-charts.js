(function () {
  var options = {mode: "vega-lite", renderer: "svg", actions: false, ast: true};
  document.querySelectorAll("script.cpc-chart-spec").forEach(function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    vegaEmbed(target, JSON.parse(node.textContent), options).catch(function (error) {
      target.textContent = "This chart could not be drawn (" + error.message + "); " +
        "its data follow.";
      console.error(error);
    });
  });
})();
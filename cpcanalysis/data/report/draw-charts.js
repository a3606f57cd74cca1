(function () {
  var options = {mode: "vega-lite", renderer: "svg", actions: false, ast: true};
  document.querySelectorAll("script.cpc-chart-spec").forEach(function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    var still = target.parentNode.querySelector(".cpc-static");
    vegaEmbed(target, JSON.parse(node.textContent), options).then(function () {
      if (still) { still.remove(); }
    }).catch(function (error) {
      target.textContent = "This chart could not be drawn interactively (" + error.message +
        "); a still image of it and its data follow.";
      console.error(error);
    });
  });
})();
// The query page: YASGUI on this service's endpoint, the example questions, and download links that follow
// the query in the editor. Nothing is fetched from another host: autocompletion uses no remote service.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("query-page-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // Tab and Shift-Tab move the focus out of the editor (no keyboard trap); Ctrl-Enter runs the query
    yasqe: { value: config.query, autocompleters: ["variables"], extraKeys: { Tab: false, "Shift-Tab": false } },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
  });

  function tab() { return yasgui.getTab(); }

  // our own IRIs open their page on this service rather than on the public host
  function localise(root) {
    root.querySelectorAll('a[href^="' + config.idBase + '"]').forEach(function (link) {
      link.setAttribute("href", "/id/" + link.getAttribute("href").slice(config.idBase.length));
      link.removeAttribute("target");
    });
  }
  new MutationObserver(function () { localise(document.getElementById("yasgui")); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  function updateDownloads() {
    const yasqe = tab().getYasqe();
    const type = (yasqe.getQueryType() || "SELECT").toUpperCase();
    const kind = /^(CONSTRUCT|DESCRIBE)$/.test(type) ? "graph" : type === "ASK" ? "ask" : "select";
    const query = encodeURIComponent(yasqe.getValue());
    document.querySelectorAll("#downloads a").forEach(function (link) {
      link.hidden = link.dataset.kinds.split(" ").indexOf(kind) < 0;
      link.href = "/sparql?query=" + query + "&format=" + link.dataset.format;
    });
  }

  function watch(current) {
    current.getYasqe().on("change", updateDownloads);
    updateDownloads();
  }
  watch(tab());
  yasgui.on("tabSelect", function () { setTimeout(function () { watch(tab()); }, 0); });

  document.querySelectorAll("[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      const current = tab();
      current.setQuery(config.examples[Number(button.dataset.example)]);
      updateDownloads();
      current.query();
    });
  });
})();

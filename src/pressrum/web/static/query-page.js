// The query page's editor: YASGUI's Yasqe (highlighting, prefix completion) and Yasr (results) over
// the plain form, which keeps working without JavaScript. Everything it needs is in the form's data
// attributes: no inline script (CSP Level 3 script-src 'self'), and no request leaves the site.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form || !window.Yasgui) { return; }
  var data = form.dataset;
  var textarea = document.getElementById("query");
  var Yasqe = window.Yasgui.Yasqe;
  var Yasr = window.Yasgui.Yasr;

  // Only our own prefixes (served at /prefixes.json), never prefix.cc; no LOV class/property lookups.
  var editorHost = document.createElement("div");
  editorHost.className = "yasgui-editor";
  editorHost.setAttribute("role", "group");
  editorHost.setAttribute("aria-label", textarea.labels[0] ? textarea.labels[0].textContent : "SPARQL");
  textarea.parentNode.insertBefore(editorHost, textarea);
  textarea.hidden = true;
  var yasqe = new Yasqe(editorHost, {
    value: textarea.value,
    prefixCcApi: data.prefixes,
    autocompleters: ["prefixes", "variables"],
    persistenceId: null,
    showQueryButton: true,
    resizeable: true,
    editorHeight: "22rem",
    createShareableLink: null,
    consumeShareLink: null,
    requestConfig: { endpoint: data.endpoint, method: "POST", acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
                     acceptHeaderGraph: "text/turtle,*/*;q=0.9" }
  });

  // What axe-core asks of the editor (WCAG 4.1.2 name, 2.1.1 keyboard): CodeMirror's own input gets
  // the form's label, and its scrolling area is reachable by the keyboard.
  var label = editorHost.getAttribute("aria-label");
  yasqe.getInputField().setAttribute("aria-label", label);
  var scroller = editorHost.querySelector(".CodeMirror-scroll");
  if (scroller) { scroller.setAttribute("tabindex", "0"); scroller.setAttribute("role", "region"); scroller.setAttribute("aria-label", label); }

  // Results: Yasr's table (IRIs are links; ours lead to their entity pages) and the raw response.
  var resultsHost = document.createElement("section");
  resultsHost.id = "editor-results";
  resultsHost.className = "yasgui-results";
  resultsHost.setAttribute("aria-live", "polite");
  var downloads = document.createElement("p");
  downloads.className = "downloads";
  var yasrHost = document.createElement("div");
  resultsHost.appendChild(downloads);
  resultsHost.appendChild(yasrHost);
  form.parentNode.insertBefore(resultsHost, form.nextSibling);
  var yasr = new Yasr(yasrHost, { persistenceId: null, prefixes: yasqe.getPrefixesFromQuery() });
  // Yasr's help buttons link to docs.triply.cc with an icon and no name: drop them (nothing leaves the site).
  function tidy() {
    yasrHost.querySelectorAll(".yasr_external_ref_btn").forEach(function (a) { a.remove(); });
    yasrHost.querySelectorAll("select:not([aria-label])").forEach(function (select) {
      var before = select.previousSibling;  // "Page size:" is a text node, not a <label>
      select.setAttribute("aria-label", before && before.textContent.trim() ? before.textContent.trim() : "rows");
    });
  }
  tidy();
  yasr.on("drawn", tidy);

  function formats() {
    var graph = /^\s*(construct|describe)\b/i.test(yasqe.getValueWithoutComments().replace(/^\s*(prefix|base)\s[^\n]*\n/gim, ""));
    return JSON.parse(graph ? data.graphFormats : data.resultsFormats);
  }

  // The query lives in the page's URL, so that it can be shared (and opens without JavaScript too).
  function share(query) {
    var url = data.page + "?" + new URLSearchParams({ query: query }).toString();
    window.history.replaceState(null, "", url);
    downloads.textContent = data.downloadLabel + ": ";
    formats().forEach(function (pair, index) {
      var link = document.createElement("a");
      link.href = data.endpoint + "?" + new URLSearchParams({ query: query, format: pair[0], download: "1" }).toString();
      link.textContent = pair[1];
      link.setAttribute("download", "");
      if (index) { downloads.appendChild(document.createTextNode(" · ")); }
      downloads.appendChild(link);
    });
  }

  yasqe.on("query", function () { share(yasqe.getValue()); });
  yasqe.on("queryResponse", function (instance, response, duration) {
    yasr.config.prefixes = yasqe.getPrefixesFromQuery();
    yasr.setResponse(response, duration);
    var server = document.getElementById("results");
    if (server) { server.hidden = true; }
  });

  // The form's submit button runs the query in the editor (the server-rendered path stays for no-JS).
  form.addEventListener("submit", function (event) {
    if (document.getElementById("format").value !== "html") { textarea.value = yasqe.getValue(); return; }
    event.preventDefault();
    yasqe.query();
  });
  if (data.run === "1") { yasqe.query(); }
})();

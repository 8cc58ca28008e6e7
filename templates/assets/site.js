// Spotlight's only script. It enhances two things and pages work without it:
// the search box (a static index split into shards: a query downloads only its shard) and
// sortable tables. Source text is inserted with textContent, never as HTML.
(function () {
  "use strict";

  // Tokens exactly as the index builder makes them: lowercase ASCII letters and digits.
  function tokens(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  }
  function shardKey(token) { return token.length > 1 ? token.slice(0, 2) : token + "_"; }

  var shards = {};
  function loadShard(key) {
    if (!shards[key]) {
      shards[key] = fetch("/search/" + key + ".json").then(function (r) { return r.ok ? r.json() : { entries: [] }; })
        .catch(function () { return { entries: [] }; });
    }
    return shards[key];
  }

  function search(query) {
    var words = tokens(query);
    if (!words.length) return Promise.resolve(null);
    // The longest word narrows most; its shard holds every entry with a token starting so.
    var lead = words.slice().sort(function (a, b) { return b.length - a.length; })[0];
    return loadShard(shardKey(lead)).then(function (shard) {
      return shard.entries.filter(function (e) {
        return words.every(function (w) { return e.t.some(function (t) { return t.indexOf(w) === 0; }); });
      }).slice(0, 20);
    });
  }

  function show(box, results, query) {
    box.textContent = "";
    if (results === null) return;
    var status = document.createElement("p");
    var count = results.length === 1 ? "1 result" : results.length ? results.length + (results.length === 20 ? "+" : "") + " results" : "No results";
    status.textContent = count + " for \u201c" + query + "\u201d";
    box.appendChild(status);
    var list = document.createElement("ul");
    results.forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = e.u;
      link.textContent = e.n;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " \u2014 " + e.k + (e.d ? ", " + e.d : "");
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  var input = document.getElementById("search-q");
  var box = document.getElementById("search-results");
  if (input && box) {
    var form = input.form;
    var run = function () {
      var q = input.value;
      search(q).then(function (results) { if (input.value === q) show(box, results, q); });
    };
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(); }
  }

  // Sortable tables: a button in each header; numbers sort by value, text alphabetically.
  function cellValue(row, i) {
    var text = row.cells[i] ? row.cells[i].textContent.trim() : "";
    var number = text.replace(/[$,\u2212]/g, function (c) { return c === "\u2212" ? "-" : ""; });
    return number !== "" && !isNaN(number) ? Number(number) : text.toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();

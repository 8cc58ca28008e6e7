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

  // Sortable tables: a button in each header. A cell sorts by its data-sort value when it has
  // one, else by the number it starts with (money, days, "84 late", the lower bound of a range
  // such as "$1,001 - $15,000"), else by its text; numbers come before text, empty cells last.
  function cellValue(row, i) {
    var cell = row.cells[i];
    if (!cell) return { kind: 2, value: "" };
    var given = cell.getAttribute("data-sort");
    var text = given !== null ? given : cell.textContent.trim();
    if (text === "") return { kind: 2, value: "" };
    var lead = /^([\u2212-]?)\$?(\d[\d,]*(?:\.\d+)?)/.exec(text);
    if (lead && !/^\d{4}-\d\d-\d\d/.test(text)) {
      return { kind: 0, value: (lead[1] ? -1 : 1) * Number(lead[2].replace(/,/g, "")) };
    }
    return { kind: 1, value: text.toLowerCase() };
  }
  function compare(x, y) {
    return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
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
          // Numbers, then text, then empty cells, whichever the direction.
          if (x.kind !== y.kind) return x.kind - y.kind;
          return compare(x, y) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();

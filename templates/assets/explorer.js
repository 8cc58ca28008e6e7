// The trade explorer (/trades/): filters every disclosed trade in the browser from the static
// JSON the build writes (an index, and one shard per year of trade). Without JavaScript the
// page is a paged table, newest first. Source text is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("trade-filters");
  var table = document.getElementById("trade-table");
  if (!form || !table) return;
  var status = document.getElementById("trade-status");
  var pages = document.getElementById("trade-pages");
  var shown = 500;
  var fields = ["bioguide", "member", "party", "chamber", "state", "ticker", "company", "type", "amount", "from", "to", "late"];
  var data = null;

  function load() {
    if (!data) {
      data = fetch(form.getAttribute("data-source")).then(function (r) { return r.json(); }).then(function (index) {
        return Promise.all(index.shards.map(function (s) { return fetch(s.url).then(function (r) { return r.json(); }); }))
          .then(function (shards) { return { index: index, rows: [].concat.apply([], shards) }; });
      });
    }
    return data;
  }

  function filters() {
    var f = {};
    fields.forEach(function (name) {
      var input = form.elements[name];
      f[name] = input.type === "checkbox" ? input.checked : input.value.trim();
    });
    return f;
  }

  function matcher(index, f) {
    var c = {};
    index.columns.forEach(function (name, i) { c[name] = i; });
    var member = f.member.toLowerCase(), ticker = f.ticker.toUpperCase(), company = f.company.toLowerCase();
    return function (row) {
      var m = own(index.members, row[c.member]);
      if (!m) return false;
      if (f.bioguide && m.bioguide !== f.bioguide) return false;
      if (member && m.name.toLowerCase().indexOf(member) < 0) return false;
      if (f.party && m.party !== f.party) return false;
      if (f.chamber && m.chamber !== f.chamber) return false;
      if (f.state && m.state !== f.state) return false;
      if (ticker && (row[c.ticker] || "").toUpperCase() !== ticker) return false;
      if (company) {
        var known = own(index.companies, row[c.ticker]);
        var text = ((known ? known.name : "") + " " + (row[c.asset] || "")).toLowerCase();
        if (text.indexOf(company) < 0) return false;
      }
      if (f.type && row[c.type] !== f.type) return false;
      if (f.amount && row[c.amount] !== f.amount) return false;
      if (f.from && !(row[c.date] >= f.from)) return false;
      if (f.to && !(row[c.date] <= f.to)) return false;
      if (f.late && !late(c, index, row)) return false;
      return true;
    };
  }

  // A key of the index's own (a ticker named "constructor" is not a method of Object).
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined; }

  // Late as the pages count it: disclosed after the deadline, unless the trade's date cannot be right.
  function late(c, index, row) { return row[c.days] > index.late_after_days && !row[c.date_implausible]; }

  function cell(tr, text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    if (text !== null && text !== undefined) td.textContent = String(text);
    tr.appendChild(td);
    return td;
  }
  function link(td, href, text, rel) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (rel) a.rel = rel;
    td.appendChild(a);
  }

  function render(index, rows, f) {
    var c = {};
    index.columns.forEach(function (name, i) { c[name] = i; });
    var lateCount = rows.filter(function (r) { return late(c, index, r); }).length;
    status.textContent = (rows.length === 1 ? "1 trade matches" : rows.length + " trades match") + " (" + lateCount + " disclosed late)"
      + (rows.length > shown ? "; the first " + shown + " are shown, newest first." : ".");
    var body = document.createElement("tbody");
    rows.slice(0, shown).forEach(function (r) {
      var m = own(index.members, r[c.member]);
      var tr = document.createElement("tr");
      var isLate = late(c, index, r);
      if (isLate) tr.className = "late";
      var date = cell(tr, null);
      var time = document.createElement("time");
      time.dateTime = r[c.date];
      time.textContent = r[c.date];
      date.appendChild(time);
      var who = cell(tr, m.url ? null : m.name);
      if (m.url) link(who, m.url, m.name);
      cell(tr, m.party);
      cell(tr, m.state);
      cell(tr, r[c.ticker]);
      var known = own(index.companies, r[c.ticker]);
      var company = cell(tr, known ? null : r[c.asset]);
      if (known) link(company, known.url, known.name);
      cell(tr, own(index.types, r[c.type]) || r[c.type]);
      cell(tr, r[c.amount]);
      var days = cell(tr, r[c.days], "num");
      if (isLate) { days.appendChild(document.createTextNode(" ")); var s = document.createElement("strong"); s.textContent = "late"; days.appendChild(s); }
      var filing = cell(tr, null);
      if (r[c.link] && r[c.link].indexOf("https://") === 0) link(filing, r[c.link], "filing", "nofollow");
      body.appendChild(tr);
    });
    table.replaceChild(body, table.tBodies[0]);
    if (pages) pages.hidden = true;
  }

  function run(push) {
    var f = filters();
    status.textContent = "Loading every trade\u2026";
    return load().then(function (d) {
      var rows = d.rows.filter(matcher(d.index, f));
      render(d.index, rows, f);
      if (push) {
        var q = new URLSearchParams();
        fields.forEach(function (name) { if (f[name]) q.set(name, f[name] === true ? "1" : f[name]); });
        history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : ""));
      }
    }).catch(function () { status.textContent = "The trades could not be loaded; the pages below list them all."; });
  }

  // Filters in the address (a shared link, or a member page's "all their trades") apply at once.
  var params = new URLSearchParams(location.search), any = false;
  fields.forEach(function (name) {
    if (!params.has(name)) return;
    var input = form.elements[name];
    if (input.type === "checkbox") input.checked = params.get(name) === "1"; else input.value = params.get(name);
    any = true;
  });
  form.hidden = false;
  // Open on a wide screen, or when the address sets filters; on a phone the trades come first.
  var box = document.getElementById("trade-filter-box");
  if (box && (any || window.matchMedia("(min-width: 48rem)").matches)) box.open = true;
  form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
  form.addEventListener("reset", function () {
    // A hidden field keeps its value through a reset: the member a page linked to is cleared here.
    setTimeout(function () { form.elements.bioguide.value = ""; run(true); }, 0);
  });
  if (any) run(false);
})();

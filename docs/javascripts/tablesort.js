// Click a column header of a table inside <div class="sortable"> to sort by that column;
// click again to reverse. Numbers ("12", "3.5") and fractions ("14/16", by their ratio) sort
// by value and ISO dates ("2026-11-26") by date, highest and newest first; the rest as text,
// A to Z. Cells without a value ("—") go last either way.
(function () {
  "use strict";
  var NUMBER = /^-?\d+(\.\d+)?$/;
  var FRACTION = /^(\d+)\s*\/\s*(\d+)$/;
  var DATE = /^\d{4}-\d{2}-\d{2}/;
  function key(cell) {
    var text = cell.textContent.trim();
    var fraction = FRACTION.exec(text);
    if (NUMBER.test(text)) return { kind: "number", value: parseFloat(text) };
    if (fraction) {
      var whole = parseFloat(fraction[2]);
      return { kind: "number", value: whole ? parseFloat(fraction[1]) / whole : 0 };
    }
    if (DATE.test(text)) return { kind: "date", value: text };
    if (text === "" || text === "\u2014") return { kind: "empty", value: "" };
    return { kind: "text", value: text };
  }
  function compare(a, b) {
    if (a.kind === "number" && b.kind === "number") return a.value - b.value;
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  function firstDirection(keys) {
    // Numbers and dates: highest first. Text: A to Z.
    return keys.some(function (k) { return k.kind === "text"; }) ? "ascending" : "descending";
  }
  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row) {
      return { row: row, key: key(row.cells[column]) };
    });
    var current = header.getAttribute("aria-sort");
    var direction = current
      ? (current === "ascending" ? "descending" : "ascending")
      : firstDirection(rows.map(function (r) { return r.key; }));
    var sign = direction === "ascending" ? 1 : -1;
    rows.sort(function (x, y) {
      var xEmpty = x.key.kind === "empty", yEmpty = y.key.kind === "empty";
      if (xEmpty || yEmpty) return xEmpty - yEmpty;
      if (x.key.kind === "text" && y.key.kind === "text") {
        return sign * x.key.value.localeCompare(y.key.value);
      }
      return sign * compare(x.key, y.key);
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", direction);
  }
  function install() {
    document.querySelectorAll(".sortable table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length || table.dataset.sortable) return;
      table.dataset.sortable = "yes";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
        th.tabIndex = 0;
        th.title = "Sort by this column";
        th.addEventListener("click", function () { sortBy(table, column, th); });
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, column, th); }
        });
      });
    });
  }
  // mkdocs-material's document$ fires on every page load, instant navigation included.
  if (typeof document$ !== "undefined") document$.subscribe(install);
  else document.addEventListener("DOMContentLoaded", install);
})();

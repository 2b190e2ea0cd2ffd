// Click a column header of a table inside <div class="sortable"> to sort by that column;
// click again to reverse. Numbers ("12", "3.5", "14/16") sort by value, the rest as text.
(function () {
  "use strict";
  function key(cell) {
    var text = cell.textContent.trim();
    var number = /^-?\d+(\.\d+)?/.exec(text);
    return number ? { n: parseFloat(number[0]), t: text } : { n: null, t: text };
  }
  function compare(a, b) {
    if (a.n !== null && b.n !== null) return a.n - b.n;
    if (a.n !== null) return -1;
    if (b.n !== null) return 1;
    return a.t.localeCompare(b.t);
  }
  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (x, y) {
      var order = compare(key(x.cells[column]), key(y.cells[column]));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
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

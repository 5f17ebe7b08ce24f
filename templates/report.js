// Click a column heading to sort the table by it; click again to reverse. Cells sort by their
// data-value (full precision) when they have one, else by their text. The sorted column's heading
// carries aria-sort, which the stylesheet shows as a triangle. The page reads fine without this.
document.querySelectorAll("table.sortable").forEach(function (table) {
  var headings = table.querySelectorAll("th");
  headings.forEach(function (heading, column) {
    heading.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var ascending = heading.getAttribute("aria-sort") !== "ascending";
      function key(row) {
        var cell = row.cells[column];
        var value = cell.getAttribute("data-value");
        return value !== null ? parseFloat(value) : cell.textContent;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        // Numbers before empty or text cells, whichever the direction.
        if (typeof x !== typeof y) return typeof x === "number" ? -1 : 1;
        var order = typeof x === "number" ? x - y : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      headings.forEach(function (h) { h.removeAttribute("aria-sort"); });
      heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    });
  });
});

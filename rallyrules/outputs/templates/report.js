// The HTML report's script (inline in the page; its SHA-256 is in the page's CSP): a
// click on a column heading sorts the table, the text box filters every table. The page
// reads fully without it; it reads no data but the page's own text.
(function () {
  "use strict";
  var tools = document.getElementById("tools");
  var input = document.getElementById("filter");
  if (!tools || !input) { return; }
  tools.hidden = false;
  var lang = document.documentElement.lang || "vi";
  var hint = (tools.querySelector(".hint") || { textContent: "" }).textContent;

  // Vietnamese without its marks, lower case: "ninh kieu" finds "Ninh Kiều".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function each(list, action) { Array.prototype.forEach.call(list, action); }
  function value(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }
  // The column a heading sorts: its data-col where headings span rows or columns.
  function columnOf(heading) {
    var col = heading.getAttribute("data-col");
    return col !== null ? Number(col) : heading.cellIndex;
  }
  function headings(table) {
    var marked = table.tHead.querySelectorAll("th[data-col]");
    return marked.length ? marked : table.tHead.rows[0].cells;
  }
  function sortBy(table, heading) {
    var index = columnOf(heading);
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    each(headings(table), function (cell) { cell.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var numeric = heading.classList.contains("num");
    each(table.tBodies, function (body) {
      var rows = Array.prototype.filter.call(body.rows, function (row) { return !row.classList.contains("group"); });
      rows.sort(function (a, b) {
        var x = value(a, index), y = value(b, index), order;
        if (numeric) {
          var nx = x === "" ? -Infinity : Number(x), ny = y === "" ? -Infinity : Number(y);
          order = nx === ny ? 0 : (nx < ny ? -1 : 1);
        } else {
          order = x.localeCompare(y, lang);
        }
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  }
  each(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead) { return; }
    each(headings(table), function (heading) {
      // The heading itself is the control (a button inside it would print blank where
      // the browser repeats the heading row on each page).
      heading.tabIndex = 0;
      heading.classList.add("sorts");
      heading.title = hint;
      heading.addEventListener("click", function () { sortBy(table, heading); });
      heading.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, heading); }
      });
    });
  });

  function filter() {
    var wanted = fold(input.value.trim());
    each(document.querySelectorAll("table.filterable"), function (table) {
      var context = fold(table.getAttribute("data-context") || "");
      each(table.tBodies, function (body) {
        var group = null, shown = 0;
        each(body.rows, function (row) {
          if (row.classList.contains("group")) { group = row; return; }
          var text = context + " " + (group ? fold(group.textContent) : "") + " " + fold(row.textContent);
          row.hidden = wanted !== "" && text.indexOf(wanted) === -1;
          if (!row.hidden) { shown += 1; }
        });
        if (group) { group.hidden = shown === 0; }
      });
    });
  }
  input.addEventListener("input", filter);
})();

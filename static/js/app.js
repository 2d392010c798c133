// Progressive enhancement only; every page works without JavaScript.
// Filter forms submit themselves (via htmx) when a select or date changes.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.matches("select, input[type=date], input[type=checkbox]")) {
    form.requestSubmit();
  }
});

// "Select all" in a table header ticks every row's checkbox of that table.
document.addEventListener("change", (event) => {
  const all = event.target.closest("th input[type=checkbox]");
  if (!all) return;
  all.closest("table").querySelectorAll("td input[type=checkbox]").forEach((box) => {
    box.checked = all.checked;
  });
});

// Forms that wait for another service (e.g. StockX) say so and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-busy]");
  if (!form) return;
  const button = form.querySelector("button[type=submit]");
  if (button) {
    button.disabled = true;
    button.textContent = form.dataset.busy;
  }
});

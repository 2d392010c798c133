// Progressive enhancement only; every page works without JavaScript.
// Filter forms submit themselves (via htmx) when a select or date changes.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.matches("select, input[type=date], input[type=checkbox]")) {
    form.requestSubmit();
  }
});

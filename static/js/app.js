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

// An HTMX request that fails (403, 404, 500, no network) says so instead of doing nothing.
// A 422 is a form with its errors: base.html's htmx-config swaps it in place like a 200.
// The texts come translated from base.html's #request-errors data attributes.
function reasonText(key, fallback) {
  const box = document.getElementById("request-errors");
  return (box && box.dataset[key]) || fallback;
}

function showRequestError(reason) {
  const box = document.getElementById("request-errors");
  if (!box) return;
  const text = (box.dataset.failed || "The action failed: {reason}; reload the page.").replace("{reason}", reason);
  // A polling region that fails every second shows its alert once.
  if ([...box.querySelectorAll(".alert span")].some((span) => span.textContent === text)) return;
  const alert = document.createElement("div");
  alert.className = "alert alert-danger alert-dismissible fade show shadow mb-2";
  alert.setAttribute("role", "alert");
  const message = document.createElement("span");
  message.textContent = text;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn-close";
  close.dataset.bsDismiss = "alert";
  close.setAttribute("aria-label", box.dataset.close || "Close");
  alert.append(message, close);
  box.append(alert);
}

document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const reason = reasonText(`reason${status}`, "") || event.detail.xhr.statusText || reasonText("reasonError", "error");
  showRequestError(`${status} ${reason}`);
});
document.addEventListener("htmx:sendError", () => showRequestError(reasonText("reasonSend", "the server did not answer")));
document.addEventListener("htmx:timeout", () => showRequestError(reasonText("reasonTimeout", "the server took too long")));

// "Back" on the error pages: the previous page when there is one, else its href (dashboard).
document.addEventListener("click", (event) => {
  const back = event.target.closest("a[data-history-back]");
  if (back && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});

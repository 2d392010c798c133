// "Add purchase" (templates/inventory/purchase_add.html), progressive enhancement only:
// a tap on a size adds a pair, "−" takes one away, the running total (pairs × price per
// pair) follows every change, and the scan field is ready for the next scan. Without it the
// quantities are typed and the server shows the total after sending.
(() => {
  const lang = () => document.documentElement.lang || "de";

  // A price as the server reads it (soleflip/lib/formfields.py, parse_amount): "189,95",
  // "189.95", "1.234,56", "1,234.56". One separator before exactly three digits ("1.234")
  // could be read two ways and is refused there, so it gives no total here. In cents.
  function priceCents(text) {
    const compact = text.replace(/€|EUR|\s/gi, "");
    let plain = null;
    if (/^\d{1,3}[.,]\d{3}$/.test(compact)) return null;
    if (/^\d+(?:[.,]\d{1,2})?$/.test(compact)) plain = compact.replace(",", ".");
    else if (/^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$/.test(compact))
      plain = compact.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$/.test(compact)) plain = compact.replace(/,/g, "");
    return plain === null ? null : Math.round(Number(plain) * 100);
  }

  function quantity(input) {
    return /^\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : 0;
  }

  function update(form) {
    const output = form.querySelector("#purchase-total");
    if (!output) return;
    let pairs = 0;
    form.querySelectorAll("input[data-qty]").forEach((input) => {
      const count = quantity(input);
      pairs += count;
      const label = form.querySelector(`label[for="${input.id}"]`);
      if (label) label.classList.toggle("active", count > 0);
    });
    const cents = form.elements.gross ? priceCents(form.elements.gross.value) : null;
    if (!pairs) {
      output.textContent = output.dataset.empty;
      return;
    }
    const count = (pairs === 1 ? output.dataset.one : output.dataset.other).replace(
      "{pairs}",
      pairs.toLocaleString(lang()),
    );
    if (cents === null) {
      output.textContent = count;
      return;
    }
    const euro = new Intl.NumberFormat(lang(), { style: "currency", currency: "EUR" });
    output.textContent = `${count} × ${euro.format(cents / 100)} = ${euro.format((cents * pairs) / 100)}`;
  }

  function step(input, by) {
    input.value = String(Math.min(200, Math.max(0, quantity(input) + by)) || "");
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // The scan field keeps the last code after a look-up; selected, the next scan replaces it
  // instead of being appended to it.
  function selectCode() {
    const code = document.querySelector("form[data-lookup] input[name=code]");
    if (code && document.activeElement === code) code.select();
  }
  document.addEventListener("focusin", (event) => {
    if (event.target.matches("form[data-lookup] input[name=code]")) event.target.select();
  });

  function enhance() {
    selectCode();
    document.querySelectorAll("form[data-purchase]").forEach((form) => {
      form.querySelectorAll("[data-size-remove][hidden]").forEach((button) => {
        button.hidden = false;
      });
      update(form);
    });
  }

  document.addEventListener("click", (event) => {
    const add = event.target.closest("form[data-purchase] label[data-size-add]");
    const remove = event.target.closest("form[data-purchase] [data-size-remove]");
    if (add) {
      // A tap adds a pair instead of opening the keyboard on the quantity.
      event.preventDefault();
      step(document.getElementById(add.htmlFor), 1);
    } else if (remove) {
      step(document.getElementById(remove.dataset.sizeRemove), -1);
    }
  });
  document.addEventListener("input", (event) => {
    const form = event.target.closest("form[data-purchase]");
    if (form) update(form);
  });
  // A scanned product swaps the size grid in (htmx).
  document.addEventListener("htmx:afterSettle", enhance);
  document.addEventListener("DOMContentLoaded", enhance);
})();

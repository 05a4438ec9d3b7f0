// Small progressive enhancements; every page works without them.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.value || source.textContent).then(() => {
    const label = button.textContent;
    button.textContent = button.dataset.copied || label;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});
// Suggestions for a field from a static list (one per line), e.g. the time zones: fetched
// once and cached by the browser rather than sent inside every page.
document.querySelectorAll("datalist[data-options]").forEach((list) => {
  fetch(list.dataset.options).then((answer) => answer.ok ? answer.text() : "").then((text) => {
    for (const value of text.split("\n")) {
      if (!value) continue;
      const option = document.createElement("option");
      option.value = value;
      list.appendChild(option);
    }
  });
});

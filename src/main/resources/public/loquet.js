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

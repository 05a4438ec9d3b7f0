// Passkeys (WebAuthn): the few lines between Loquet's JSON and the browser's
// navigator.credentials. Options arrive as WebAuthn's JSON forms (base64url), answers go
// back the same way; every request carries the page's CSRF token in X-CSRF-Token.
"use strict";
(() => {
  if (!window.PublicKeyCredential) {
    document.querySelectorAll("[data-passkey-unsupported]").forEach((note) => { note.hidden = false; });
    return;
  }
  document.querySelectorAll("[data-passkey-start]").forEach((button) => { button.disabled = false; });
  const bytes = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64 + "===".slice((base64.length + 3) % 4)), (c) => c.charCodeAt(0));
  };
  const text = (buffer) => {
    let binary = "";
    new Uint8Array(buffer).forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const descriptors = (list) => (list || []).map((d) => Object.assign({}, d, { id: bytes(d.id) }));
  const creationOptions = (json) => Object.assign({}, json, {
    challenge: bytes(json.challenge),
    user: Object.assign({}, json.user, { id: bytes(json.user.id) }),
    excludeCredentials: descriptors(json.excludeCredentials),
  });
  const requestOptions = (json) => Object.assign({}, json, {
    challenge: bytes(json.challenge),
    allowCredentials: descriptors(json.allowCredentials),
  });
  const registrationJson = (credential) => ({
    id: credential.id, rawId: text(credential.rawId), type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: text(credential.response.clientDataJSON),
      attestationObject: text(credential.response.attestationObject),
      transports: credential.response.getTransports ? credential.response.getTransports() : [],
    },
  });
  const authenticationJson = (credential) => ({
    id: credential.id, rawId: text(credential.rawId), type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: text(credential.response.clientDataJSON),
      authenticatorData: text(credential.response.authenticatorData),
      signature: text(credential.response.signature),
      userHandle: credential.response.userHandle ? text(credential.response.userHandle) : null,
    },
  });
  const post = async (form, path, body) => {
    const answer = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.querySelector("input[name=_csrf]").value },
      body: JSON.stringify(body),
    });
    // A session that ended meanwhile is sent to the sign-in page: go there, as a form would.
    if (answer.redirected) {
      window.location.assign(answer.url);
      return new Promise(() => {});
    }
    let json = {};
    try { json = await answer.json(); } catch (e) { json = {}; }
    if (!answer.ok) {
      const problem = new Error((json.field !== undefined && json.error) || form.dataset.failed || answer.statusText);
      problem.field = json.field || "";
      throw problem;
    }
    return json;
  };
  const show = (form, message) => {
    const box = form.querySelector("[data-passkey-error]");
    if (!box) return;
    box.textContent = message || "";
    box.hidden = !message;
  };
  // The browser's own refusals (dialog closed, timed out, no passkey here) say nothing useful: the page's text does.
  const explain = (form, error) => (error instanceof DOMException ? form.dataset.cancelled : error.message);
  const next = (form) => { const field = form.querySelector("input[name=next]"); return field ? field.value : ""; };

  // Adding a passkey on /profile/passkeys.
  document.querySelectorAll("form[data-passkey-register]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      show(form, "");
      const name = form.querySelector("input[name=name]").value;
      const password = form.querySelector("input[name=current_password]");
      try {
        const options = await post(form, "/profile/passkeys/options", { name, current_password: password ? password.value : "" });
        const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
        const done = await post(form, "/profile/passkeys", { name, credential: registrationJson(credential) });
        window.location.assign(done.redirect);
      } catch (error) {
        show(form, explain(form, error));
        const field = error.field && form.querySelector("[name=" + error.field + "]");
        if (field) field.focus();
      }
    });
  });

  // Signing in with a passkey: on the sign-in page (alone) or as the second step.
  const signIn = (form, path, mediation, signal) => post(form, path + "/options", {})
    .then((options) => navigator.credentials.get({ publicKey: requestOptions(options), mediation, signal }))
    .then((credential) => post(form, path, { credential: authenticationJson(credential), next: next(form) }))
    .then((done) => window.location.assign(done.redirect));

  document.querySelectorAll("form[data-passkey-signin]").forEach((form) => {
    const path = form.dataset.passkeySignin;
    form.hidden = false;
    let pending = null;
    // Conditional UI: the browser offers passkeys among the login field's suggestions.
    if (form.dataset.conditional !== undefined && PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
        if (!available) return;
        pending = new AbortController();
        signIn(form, path, "conditional", pending.signal).catch((error) => {
          if (!(error instanceof DOMException)) show(form, error.message);
        });
      });
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show(form, "");
      if (pending) pending.abort();
      pending = null;
      signIn(form, path, "optional").catch((error) => show(form, explain(form, error)));
    });
  });
})();

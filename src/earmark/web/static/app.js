// Earmark's page behaviour: JSON API calls with CSRF, toasts, and the Alpine components of each page.
(function () {
  "use strict";

  const base = (document.querySelector('meta[name="earmark-base"]') || {}).content || "";

  // Every JSON endpoint the pages call, in one place.
  const endpoints = {
    localLogin: "/api/auth/local/login",
    serverLogin: "/api/auth/server/login",
    logout: "/api/auth/logout",
    plexPin: "/api/auth/plex/pin",
    plexPinStatus: (id) => `/api/auth/plex/pin/${encodeURIComponent(id)}`,
    plexProfile: "/api/auth/plex/profile",
    setupAdmin: "/api/setup/admin",
    setupTest: (step) => `/api/setup/test/${step}`,
    setupComplete: "/api/setup/complete",
    settings: (category) => `/api/admin/settings/${encodeURIComponent(category)}`,
    settingsTest: (kind) => `/api/admin/settings/test/${kind}`,
    bookdateCards: "/api/bookdate/recommendations",
    bookdateRefresh: "/api/bookdate/recommendations/refresh",
    bookdateSwipes: "/api/bookdate/swipes",
    bookdateUndo: "/api/bookdate/swipes/undo",
    bookdatePreferences: "/api/bookdate/preferences",
    createRequest: "/api/requests",
    cancelRequest: (id) => `/api/requests/${id}/cancel`,
    deleteRequest: (id) => `/api/requests/${id}`,
    retrySearch: (id) => `/api/requests/${id}/retry-search`,
    retryImport: (id) => `/api/requests/${id}/retry-import`,
    interactiveSearch: (id) => `/api/requests/${id}/interactive-search`,
    selectRelease: (id) => `/api/requests/${id}/select-release`,
    libraryItems: (q) => `/api/library/items?q=${encodeURIComponent(q)}`,
    linkLibraryItem: (id) => `/api/requests/${id}/link-library-item`,
    decideRequest: (id, decision) => `/api/requests/${id}/${decision}`,
    decideRequests: "/api/requests/decisions",
    requestEbook: (id) => `/api/requests/${id}/ebook`,
    register: "/api/auth/register",
    approveUser: (id) => `/api/admin/users/${id}/approve`,
    userPermissions: (id) => `/api/admin/users/${id}/permissions`,
    user: (id) => `/api/admin/users/${id}`,
    users: "/api/admin/users",
    disableUser: (id) => `/api/admin/users/${id}/disable`,
    enableUser: (id) => `/api/admin/users/${id}/enable`,
    invitations: "/api/admin/invitations",
    invitation: (id) => `/api/admin/invitations/${id}`,
    acceptInvitation: (token) => `/api/invitations/${encodeURIComponent(token)}/accept`,
    changePassword: "/api/auth/password",
    apiKeys: "/api/keys",
    apiKey: (id) => `/api/keys/${id}`,
    notificationChannels: "/api/admin/notifications/channels",
    notificationChannel: (id) => `/api/admin/notifications/channels/${id}`,
    testNotificationChannel: (id) => `/api/admin/notifications/channels/${id}/test`,
    myNotifications: "/api/account/notifications",
    testMyNotifications: "/api/account/notifications/test",
    schedule: (name) => `/api/admin/schedules/${encodeURIComponent(name)}`,
    runSchedule: (name) => `/api/admin/schedules/${encodeURIComponent(name)}/trigger`,
  };

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)earmark_csrf=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  class ApiError extends Error {
    constructor(status, code, message, field) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field || null;  // the input the message is about (a setting's key), if any
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json", "X-CSRF-Token": csrfToken() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers,
        credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, "NetworkError", "Earmark did not answer; check that the server is running.");
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (err) { data = null; }
    if (!response.ok) {
      const message = (data && data.message) || `The server answered ${response.status}.`;
      throw new ApiError(response.status, (data && data.error) || "Error", message, data && data.field);
    }
    return { status: response.status, data };
  }

  function toast(message, tone) {
    let box = document.getElementById("toasts");
    if (!box) return;
    const item = document.createElement("div");
    item.className = `toast tone-${tone || "green"}`;
    item.setAttribute("role", tone === "red" ? "alert" : "status");
    item.textContent = message;
    box.appendChild(item);
    setTimeout(() => item.remove(), 5000);
  }

  function refresh(selector) {
    document.querySelectorAll(selector).forEach((el) => window.htmx && htmx.trigger(el, "refresh"));
  }

  // Behaviour that would otherwise be inline handlers, which the Content-Security-Policy forbids:
  // forms that only filter live (no page load) and covers that fall back to a placeholder.
  document.addEventListener("submit", (event) => {
    if (event.target.matches("form[data-live-filter]")) event.preventDefault();
  });
  document.addEventListener("error", (event) => {
    const img = event.target;
    if (img.tagName === "IMG" && img.dataset.fallback && img.src !== img.dataset.fallback) {
      img.src = img.dataset.fallback;
    }
  }, true);

  document.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // Runs a JSON action, toasts the outcome, and refreshes the live lists on the page.
  async function act(method, path, body, success) {
    try {
      const result = await api(method, path, body);
      toast(success || "Done.", "green");
      refresh("[data-live]");
      return result;
    } catch (err) {
      toast(err.message, "red");
      return null;
    }
  }

  function dialogButton(label, className, value, dialog) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = className;
    button.textContent = label;
    button.addEventListener("click", () => dialog.close(value));
    return button;
  }

  // The app's own confirmation dialog in place of window.confirm: a modal <dialog> (focus stays
  // inside, Escape cancels) that resolves true only when the person presses the confirm button.
  // A destructive action (danger) starts with the focus on Cancel.
  function confirmAction(message, options) {
    const opts = options || {};
    return new Promise((resolve) => {
      const dialog = document.createElement("dialog");
      dialog.className = "confirm-dialog";
      dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
      dialog.setAttribute("aria-describedby", "confirm-dialog-text");
      const title = document.createElement("h2");
      title.id = "confirm-dialog-title";
      title.textContent = opts.title || "Please confirm";
      const text = document.createElement("p");
      text.id = "confirm-dialog-text";
      text.className = "confirm-text";
      text.textContent = message;
      const buttons = document.createElement("div");
      buttons.className = "confirm-buttons";
      const cancel = dialogButton(opts.cancelLabel || "Cancel", "btn", "cancel", dialog);
      const ok = dialogButton(opts.confirmLabel || "OK", opts.danger ? "btn btn-danger" : "btn btn-primary", "ok", dialog);
      ok.dataset.testid = "confirm-ok";
      cancel.dataset.testid = "confirm-cancel";
      buttons.append(cancel, ok);
      dialog.append(title, text, buttons);
      dialog.addEventListener("close", () => {
        dialog.remove();
        resolve(dialog.returnValue === "ok");
      });
      document.body.appendChild(dialog);
      dialog.showModal();
      (opts.danger ? cancel : ok).focus();
    });
  }

  // Live updates: pages with live lists ([data-live]) open one event stream (/api/live) and
  // reload those lists when something they show changes; after a dropped connection comes back
  // ("ready" again) they reload at once, so nothing that changed meanwhile is missed. The slow
  // htmx poll on each list stays as the fallback.
  function startLiveUpdates() {
    if (!window.EventSource || !document.querySelector("[data-live]")) return;
    const source = new EventSource(base + "/api/live");
    let connectedBefore = false;
    let pending = null;
    const reload = () => { pending = null; refresh("[data-live]"); };
    source.addEventListener("ready", () => {
      document.documentElement.dataset.live = "connected";
      if (connectedBefore) reload();
      connectedBefore = true;
    });
    source.addEventListener("change", () => {
      if (!pending) pending = setTimeout(reload, 120);
    });
    source.addEventListener("error", () => { document.documentElement.dataset.live = "reconnecting"; });
    window.addEventListener("pagehide", () => source.close());
  }
  document.addEventListener("DOMContentLoaded", startLiveUpdates);

  // Phone cards (app.css): every cell of a .table-wrap table is labelled with its column's
  // header, also for rows htmx swaps in or Alpine renders later.
  function labelCells() {
    document.querySelectorAll(".table-wrap table").forEach((table) => {
      const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      table.querySelectorAll("tbody tr").forEach((tr) => {
        [...tr.children].forEach((cell, i) => {
          if (cell.tagName !== "TD" || cell.hasAttribute("data-label")) return;
          cell.setAttribute("data-label", cell.colSpan > 1 ? "" : heads[i] || "");
        });
      });
    });
  }
  function watchTables() {
    let queued = false;
    labelCells();
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; labelCells(); });
    }).observe(document.body, { childList: true, subtree: true });
  }
  document.addEventListener("DOMContentLoaded", watchTables);

  window.earmark = { base, endpoints, api, act, toast, refresh, confirm: confirmAction, ApiError };
})();

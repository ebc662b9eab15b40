// Alpine components used by the templates (registered before Alpine starts).
(function () {
  "use strict";
  const E = () => window.earmark;
  // Request status → [label, tone], rendered by the server (the statuses are defined there).
  const BADGES = JSON.parse((document.querySelector('meta[name="earmark-status-badges"]') || {}).content || "{}");

  window.signOut = async function () {
    try { await E().api("POST", E().endpoints.logout); } catch (err) { /* signing out locally anyway */ }
    window.location.href = E().base + "/login";
  };

  function isMobile() {
    return window.matchMedia("(max-width: 640px)").matches;
  }

  // `region`: the Audible region the book was found in ("" = the configured one).
  function requestButton(asin, kind, status, region) {
    return {
      asin, kind, status, region, busy: false, error: "", ebook: false,
      label() { return (BADGES[this.status] || ["Requested", "blue"])[0]; },
      tone() { return (BADGES[this.status] || ["", "blue"])[1]; },
      async send() {
        this.busy = true; this.error = "";
        try {
          const body = { asin: this.asin };
          if (this.ebook) body.ebook = true;
          if (this.region) body.region = this.region;
          const { data } = await E().api("POST", E().endpoints.createRequest, body);
          this.kind = "requested_by_you";
          this.status = data.status;
          E().toast(`Requested (${data.step.toLowerCase()}). Follow it under My requests.`, "green");
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  function loginPage(redirectTo) {
    return {
      username: "", password: "", serverUsername: "", serverPassword: "", error: "", busy: false,
      plexState: "idle", profiles: [], pinId: null, chosen: null, profilePin: "",
      done() {
        // Resolve the target as the browser will and stay on this origin whatever it says.
        const target = new URL(E().base + redirectTo, window.location.origin);
        window.location.href = target.origin === window.location.origin ? target.href : E().base + "/";
      },
      localLogin() { return this.signIn(E().endpoints.localLogin, this.username, this.password); },
      // The media server's own login (Audiobookshelf), offered only when it is the chosen server.
      serverLogin() { return this.signIn(E().endpoints.serverLogin, this.serverUsername, this.serverPassword); },
      async signIn(path, username, password) {
        this.busy = true; this.error = "";
        try {
          await E().api("POST", path, { username, password });
          this.done();
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      async plexLogin() {
        this.error = "";
        const popup = isMobile() ? null : window.open("", "plex-auth", "width=600,height=720");
        try {
          const { data } = await E().api("POST", E().endpoints.plexPin);
          this.pinId = data.pin_id;
          if (popup) popup.location.href = data.auth_url; else window.open(data.auth_url, "_blank");
          this.plexState = "waiting";
          this.poll(0, popup);
        } catch (err) {
          if (popup) popup.close();
          this.error = err.message;
        }
      },
      async poll(round, popup) {
        if (round >= 90 || this.plexState !== "waiting") {
          if (this.plexState === "waiting") { this.plexState = "idle"; this.error = "Plex sign-in timed out; try again."; }
          return;
        }
        try {
          const { status, data } = await E().api("GET", E().endpoints.plexPinStatus(this.pinId));
          if (status === 202 || (data && data.authorized === false)) {
            setTimeout(() => this.poll(round + 1, popup), 2000);
            return;
          }
          if (popup) popup.close();
          if (data && data.requires_profile_selection) {
            this.profiles = data.profiles || [];
            this.plexState = "profiles";
            return;
          }
          this.done();
        } catch (err) {
          if (popup) popup.close();
          this.plexState = "idle";
          this.error = err.message;
        }
      },
      choose(profile) {
        this.chosen = profile; this.profilePin = "";
        if (!profile.protected) this.switchProfile();
      },
      async switchProfile() {
        this.busy = true; this.error = "";
        const body = { pin_id: this.pinId, user_id: this.chosen.id };
        if (this.chosen.protected) body.pin = this.profilePin;
        try {
          await E().api("POST", E().endpoints.plexProfile, body);
          this.done();
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  function requestActions(id) {
    return {
      id,
      // `question` (optional): {title, text, confirmLabel, cancelLabel} for the confirmation dialog.
      async run(name, method, question, success) {
        if (question && !(await E().confirm(question.text || "", { danger: true, ...question }))) return;
        E().act(method, E().endpoints[name](this.id), undefined, success);
      },
      // Admin: approve or decline a request waiting for approval, with an optional note.
      decide(decision) {
        const note = window.prompt(`${decision === "approve" ? "Approve" : "Decline"} this request. Note for the requester (optional):`, "");
        if (note === null) return;
        const done = decision === "approve" ? "Request approved." : "Request declined.";
        E().act("POST", E().endpoints.decideRequest(this.id, decision), { note: note || null }, done);
      },
    };
  }

  function interactiveSearch() {
    return {
      open: false, requestId: null, title: "", query: "", busy: false, error: "", releases: [],
      async start(detail) {
        this.open = true; this.requestId = detail.id; this.title = detail.title; this.query = "";
        await this.load();
      },
      async load() {
        this.busy = true; this.error = ""; this.releases = [];
        // Own search words (free text), e.g. for a book the catalog does not list; empty: the book.
        const words = this.query.trim();
        try {
          const { data } = await E().api("POST", E().endpoints.interactiveSearch(this.requestId), words ? { query: words } : undefined);
          this.releases = (data && (data.releases || data.results)) || [];
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      tone(release) {
        const score = release.score || 0;
        if (!release.accepted) return "red";
        return score >= 90 ? "green" : score >= 70 ? "blue" : score >= 50 ? "yellow" : "gray";
      },
      size(bytes) { return bytes ? (bytes / 1048576).toFixed(0) + " MB" : "—"; },
      // Each criterion is {points, max?, detail}; older rows may hold a bare number.
      parts(release) {
        return Object.entries(release.breakdown || {}).map(([name, c]) => {
          const points = typeof c === "number" ? c : Number((c && c.points) || 0);
          const max = c && c.max ? `/${c.max}` : "";
          const sign = points > 0 && !max ? "+" : "";
          return { name, text: `${name.replace(/_/g, " ")} ${sign}${+points.toFixed(1)}${max}`, detail: (c && c.detail) || "" };
        });
      },
      async pick(release) {
        const warning = release.accepted ? "" : `\nEarmark rejected it: ${(release.reasons || []).join("; ")}`;
        if (!(await E().confirm(`Download "${release.title}"?${warning}`, { title: "Download this release?", confirmLabel: "Download" }))) return;
        const result = await E().act("POST", E().endpoints.selectRelease(this.requestId), { guid: release.guid }, "Release sent to the download client.");
        if (result) this.open = false;
      },
    };
  }

  // Admin: search the Plex library cache and link a waiting request to the item it really is.
  function libraryLink() {
    return {
      open: false, requestId: null, title: "", query: "", busy: false, error: "", items: [], searched: false,
      async start(detail) {
        this.open = true; this.requestId = detail.id; this.title = detail.title; this.query = detail.title;
        await this.search();
      },
      async search() {
        if (!this.query.trim()) return;
        this.busy = true; this.error = ""; this.items = [];
        try {
          const { data } = await E().api("GET", E().endpoints.libraryItems(this.query.trim()));
          this.items = (data && data.items) || [];
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false; this.searched = true;
        }
      },
      async link(item) {
        if (!(await E().confirm(`Mark "${this.title}" available as "${item.title}" by ${item.author}?`, { title: "Link to this library item?", confirmLabel: "Link" }))) return;
        const result = await E().act("POST", E().endpoints.linkLibraryItem(this.requestId), { plex_guid: item.plex_guid }, "Request linked: it is available.");
        if (result) this.open = false;
      },
    };
  }

  // The connection test of each testable tab: its endpoint kind and the section body it expects,
  // built from the form's values (empty secrets are left empty so the stored one is used).
  // `prefixes` maps each download client to the key prefix of its stored settings (from the
  // product registry, on the form as data-prefixes).
  const CONNECTION_TESTS = {
    plex: { kind: "plex", body: (v) => ({ server_url: v["plex.server_url"], auth_token: v["plex.auth_token"] || "", library_id: v["plex.library_id"] || "" }) },
    indexer: { kind: "prowlarr", body: (v) => ({ url: v["indexer.prowlarr_url"], api_key: v["indexer.prowlarr_api_key"] || "", categories: v["indexer.categories"] }) },
    download_client: {
      kind: "download-client",
      body: (v, prefixes) => {
        // The chosen product's own fields (url, password, api_key, ...) without their prefix.
        const type = v["download_client.type"];
        const own = Object.entries(v).filter(([key]) => key.startsWith(prefixes[type]));
        return {
          type, ...Object.fromEntries(own.map(([key, value]) => [key.slice(prefixes[type].length), value ?? ""])),
          category: v["download_client.category"], remote_path: v["download_client.remote_path"], local_path: v["download_client.local_path"],
        };
      },
    },
    usenet_client: {
      kind: "usenet-client",
      body: (v, prefixes) => {
        const type = v["usenet_client.type"];
        const field = (name) => v[`${prefixes[type]}${name}`] || "";
        return {
          type, url: field("url"), api_key: field("api_key"), username: field("username"), password: field("password"),
          category: v["usenet_client.category"], remote_path: v["usenet_client.remote_path"], local_path: v["usenet_client.local_path"],
        };
      },
    },
    paths: { kind: "paths", body: (v) => ({ downloads: v["paths.downloads"], media: v["paths.media"], template: v["paths.template"] }) },
    oidc: { kind: "oidc", body: (v) => ({ issuer_url: v["oidc.issuer_url"] }) },
  };

  // Any other media server's tab tests through the generic route with its fields by name.
  function mediaServerTest(server) {
    const body = (v) => Object.fromEntries(Object.entries(v)
      .filter(([key]) => key.startsWith(server.prefix))
      .map(([key, value]) => [key.slice(server.prefix.length), String(value)]));
    return { kind: `media-server/${server.name}`, body };
  }

  function settingsForm(category, mediaServer) {
    return {
      category, busy: false, error: "", ok: "", report: null,
      testable: category in CONNECTION_TESTS || !!mediaServer,
      useLibrary(form, id) {
        const input = form.querySelector('[data-key$=".library_id"]');
        if (input) input.value = id;
      },
      async test(form) {
        const check = CONNECTION_TESTS[this.category] || mediaServerTest(mediaServer);
        this.busy = true; this.error = ""; this.ok = ""; this.report = null;
        try {
          const { data } = await E().api("POST", E().endpoints.settingsTest(check.kind), check.body(this.collect(form), JSON.parse(form.dataset.prefixes || "{}")));
          this.report = data;
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      collect(form) {
        const values = {};
        form.querySelectorAll("[data-key]").forEach((el) => {
          const key = el.dataset.key;
          if (el.type === "checkbox") { values[key] = el.checked; return; }
          if (el.dataset.secret === "true" && el.value === "") return;
          if (el.dataset.kind === "int") { values[key] = parseInt(el.value, 10); return; }
          if (el.dataset.kind === "float") { values[key] = parseFloat(el.value); return; }
          if (el.dataset.kind === "widget") {
            // A structured setting's form (settings_widgets.js) keeps its value ready in data-value.
            if (el.dataset.value !== undefined) values[key] = JSON.parse(el.dataset.value);
            return;
          }
          values[key] = el.value;
        });
        return values;
      },
      // A refused value is shown under its own input (aria-invalid, described by the message).
      markField(form, key, message) {
        form.querySelectorAll(".field-error").forEach((el) => el.remove());
        form.querySelectorAll("[aria-invalid]").forEach((el) => { el.removeAttribute("aria-invalid"); el.removeAttribute("aria-describedby"); });
        const input = key && form.querySelector(`[data-key="${CSS.escape(key)}"]`);
        if (!input) return false;
        const note = document.createElement("p");
        note.className = "field-error";
        note.id = `${input.id}-error`;
        note.setAttribute("role", "alert");
        note.textContent = message;
        input.insertAdjacentElement("afterend", note);
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", note.id);
        input.focus();
        return true;
      },
      async save(form) {
        this.busy = true; this.error = ""; this.ok = "";
        this.markField(form, null, "");
        try {
          const values = this.collect(form);
          try {
            await E().api("PUT", E().endpoints.settings(this.category), values);
          } catch (err) {
            // A new address for a stored secret: re-enter it, or confirm the key may follow.
            if (err.code !== "SecretNeedsReentry" || !(await E().confirm(err.message, { title: "Send the stored secret to the new address?", confirmLabel: "Keep and send" }))) throw err;
            await E().api("PUT", `${E().endpoints.settings(this.category)}?keep_secret_for_new_url=true`, values);
          }
          this.ok = "Saved.";
          form.querySelectorAll('[data-secret="true"]').forEach((el) => { el.value = ""; });
        } catch (err) {
          if (!this.markField(form, err.field, err.message)) this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  // Permission overrides as the form holds them ("" = server default) and as the API takes them.
  const asText = (value) => (value === null || value === undefined ? "" : String(value));
  const asBool = (text) => (text === "" ? null : text === "true");

  function userRow(id, role, disabled, awaiting, permissions) {
    const perms = Object.fromEntries(Object.entries(permissions || {}).map(([k, v]) => [k, asText(v)]));
    return {
      id, role, disabled, awaiting, perms,
      async approve() {
        const result = await E().act("POST", E().endpoints.approveUser(this.id), undefined, "Account approved; they can sign in now.");
        if (result) { this.awaiting = false; this.disabled = false; }
      },
      savePermissions() {
        const p = this.perms;
        E().act("PUT", E().endpoints.userPermissions(this.id), {
          auto_approve: asBool(p.auto_approve),
          interactive_search: asBool(p.interactive_search),
          pick_release: asBool(p.pick_release),
          request_quota: p.request_quota === "" ? null : Number(p.request_quota),
          request_quota_period: p.request_quota_period || null,
        }, "Permissions saved.");
      },
      async setDisabled(next) {
        const endpoint = next ? E().endpoints.disableUser : E().endpoints.enableUser;
        const result = await E().act("POST", endpoint(this.id), undefined, next ? "User disabled; their sessions ended." : "User enabled.");
        if (result) this.disabled = next;
      },
      async changeRole(next) {
        const result = await E().act("PATCH", E().endpoints.user(this.id), { role: next }, `Role changed to ${next}.`);
        if (result) this.role = next;
      },
      async remove(name, verb) {
        const question = verb
          ? { title: `${verb} ${name}'s registration?`, text: "The account is deleted.", confirmLabel: verb }
          : { title: `Delete ${name}?`, text: "Their requests are deleted too.", confirmLabel: "Delete" };
        if (!(await E().confirm(question.text, { ...question, danger: true }))) return;
        const result = await E().act("DELETE", E().endpoints.user(this.id), undefined, verb ? "Registration declined." : "User deleted.");
        if (result) this.$root.remove();
      },
    };
  }

  // Admin: approve or decline the chosen waiting requests at once.
  function approvals() {
    return {
      chosen: [], note: "", busy: false,
      toggleAll(on) {
        this.chosen = on ? Array.from(this.$root.querySelectorAll("[data-testid=approval-choice]"), (box) => box.value) : [];
      },
      async decide(decision) {
        this.busy = true;
        const body = { ids: this.chosen, decision, note: this.note || null };
        const result = await E().act("POST", E().endpoints.decideRequests, body, decision === "approve" ? "Approved." : "Declined.");
        this.busy = false;
        if (!result) return;
        const refused = result.data.refused || [];
        if (refused.length) E().toast(refused.map((r) => r.message).join(" "), "red");
        window.location.reload();
      },
    };
  }

  function scheduleRow(name, cron, enabled) {
    return {
      name, cron, enabled,
      save() {
        E().act("PATCH", E().endpoints.schedule(this.name), { cron: this.cron, enabled: this.enabled }, "Schedule saved.");
      },
      async runNow() {
        if (!(await E().confirm(`Run ${this.name} now?`, { title: "Run this job now?", confirmLabel: "Run now" }))) return;
        E().act("POST", E().endpoints.runSchedule(this.name), undefined, "Job queued.");
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("scheduleRow", scheduleRow);
    window.Alpine.data("requestButton", requestButton);
    window.Alpine.data("loginPage", loginPage);
    window.Alpine.data("requestActions", requestActions);
    window.Alpine.data("interactiveSearch", interactiveSearch);
    window.Alpine.data("libraryLink", libraryLink);
    window.Alpine.data("settingsForm", settingsForm);
    window.Alpine.data("userRow", userRow);
    window.Alpine.data("approvals", approvals);
    if (window.setupWizard) window.Alpine.data("setupWizard", window.setupWizard);
  });
})();

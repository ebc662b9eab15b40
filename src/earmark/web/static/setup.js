// The first-run setup wizard: one Alpine component that walks the steps and tests each connection.
(function () {
  "use strict";
  const E = () => window.earmark;
  const STEPS = [
    { id: "admin", label: "Admin account" },
    { id: "plex", label: "Media server", test: "plex" },
    { id: "prowlarr", label: "Prowlarr", test: "prowlarr" },
    { id: "download_client", label: "Download client", test: "download-client" },
    { id: "usenet_client", label: "Usenet client", test: "usenet-client", optional: true },
    { id: "paths", label: "Library folders", test: "paths" },
    { id: "bookdate", label: "BookDate", test: "bookdate", optional: true },
    { id: "review", label: "Review" },
  ];

  // `defaults` come from the server's product registry (first download client, first provider).
  window.setupWizard = function (hasAdmin, signedIn, defaults, codeRequired) {
    return {
      steps: STEPS, index: 0, busy: false, error: "", hasAdmin, signedIn, codeRequired,
      admin: { username: "admin", password: "", confirm: "", setup_code: "" },
      plex: { server_url: "", auth_token: "", library_id: "", scan_after_import: true, library_path: "" },
      prowlarr: { url: "", api_key: "", categories: "3030", indexers: [] },
      // Every product's connection fields (named as in its settings); the server keeps the chosen one's.
      download_client: {
        ...Object.fromEntries(defaults.download_client_fields.map((name) => [name, ""])),
        type: defaults.download_client, category: "earmark", remote_path: "", local_path: "",
      },
      usenet_client: { type: "", url: "", api_key: "", username: "", password: "", category: "earmark", remote_path: "", local_path: "" },
      paths: { downloads: "/downloads", media: "/media/audiobooks", template: "{author}/{title}", metadata_tagging: true },
      bookdate: { enabled: false, provider: defaults.provider, base_url: "", model: "", api_key: "" },
      // Another media server than Plex: its kind and its settings' fields by name.
      mediaServer: { kind: "plex", values: {} },
      results: {}, libraries: [],
      get otherServer() { return this.mediaServer.kind !== "plex"; },
      get current() { return this.steps[this.index]; },
      result() { return this.results[this.current.id] || null; },
      stepClass(i) { return i < this.index ? "done" : i === this.index ? "current" : ""; },
      // An optional step that is switched off (BookDate off, no usenet client) is skipped: no
      // test, nothing to check.
      skipping() {
        const step = this.current;
        if (!step.optional) return false;
        return step.id === "usenet_client" ? !this.usenet_client.type : !this.bookdate.enabled;
      },
      canAdvance() {
        const step = this.current;
        if (step.id === "admin") return this.signedIn;
        if (this.skipping()) return true;
        if (step.test && !(this.results[step.id] && this.results[step.id].ok)) return false;
        if (step.id === "plex") return !!(this.otherServer ? this.mediaServer.values.library_id : this.plex.library_id);
        if (step.id === "prowlarr") return this.prowlarr.indexers.some((i) => i.enabled);
        return true;
      },
      next() { if (this.canAdvance()) { this.index += 1; this.error = ""; } },
      back() { if (this.index > 0) { this.index -= 1; this.error = ""; } },
      async createAdmin() {
        this.error = "";
        if (this.admin.password !== this.admin.confirm) { this.error = "The two passwords differ."; return; }
        await this.call(async () => {
          const path = this.hasAdmin ? E().endpoints.localLogin : E().endpoints.setupAdmin;
          const body = { username: this.admin.username, password: this.admin.password };
          if (!this.hasAdmin) body.setup_code = this.admin.setup_code;
          await E().api("POST", path, body);
          this.signedIn = true; this.hasAdmin = true; this.next();
        });
      },
      payload(id) {
        if (id === "prowlarr") {
          return {
            url: this.prowlarr.url, api_key: this.prowlarr.api_key,
            categories: this.prowlarr.categories.split(",").map((c) => parseInt(c.trim(), 10)).filter((c) => !isNaN(c)),
            indexers: this.prowlarr.indexers.filter((i) => i.enabled).map((i) => ({ id: i.id, name: i.name, priority: i.priority, rss: i.rss })),
          };
        }
        return { ...this[id] };
      },
      showsTest() {
        return !!this.current.test && !this.skipping();
      },
      async runTest() {
        const step = this.current;
        await this.call(async () => {
          const other = step.id === "plex" && this.otherServer;
          const test = other ? `media-server/${this.mediaServer.kind}` : step.test;
          const body = other ? this.mediaServer.values : this.payload(step.id);
          const { data } = await E().api("POST", E().endpoints.setupTest(test), body);
          this.results[step.id] = data;
          if (data.ok) this.absorb(step.id, data.details || {});
        });
      },
      absorb(id, details) {
        if (id === "plex" && this.otherServer) {
          // Other servers list only libraries that can hold books: the first is a fine default.
          this.libraries = details.libraries || [];
          if (!this.mediaServer.values.library_id && this.libraries.length) this.mediaServer.values.library_id = String(this.libraries[0].id);
        } else if (id === "plex") {
          this.libraries = details.libraries || [];
          const audio = this.libraries.find((l) => l.type === "artist");
          if (!this.plex.library_id && audio) this.plex.library_id = String(audio.id);
        }
        if (id === "prowlarr") {
          // Prowlarr's own "enabled" flag decides the default; RSS is on unless the admin opts out.
          this.prowlarr.indexers = (details.indexers || []).map((i) => ({ ...i, enabled: i.enabled !== false, priority: 10, rss: true }));
        }
      },
      async complete() {
        await this.call(async () => {
          const body = {
            plex: this.otherServer ? null : this.plex,
            media_server: this.otherServer ? this.mediaServer : null,
            prowlarr: this.payload("prowlarr"), download_client: this.download_client,
            paths: this.paths, bookdate: this.bookdate.enabled ? this.bookdate : null,
            usenet_client: this.usenet_client.type ? this.usenet_client : null,
          };
          await E().api("POST", E().endpoints.setupComplete, body);
          window.location.href = E().base + "/";
        });
      },
      async call(action) {
        this.busy = true; this.error = "";
        try { await action(); } catch (err) { this.error = err.message; } finally { this.busy = false; }
      },
    };
  };
})();

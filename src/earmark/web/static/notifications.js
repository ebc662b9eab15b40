// Notifications: the admin's channels (add, edit, delete, send a test) and a user's own settings.
(function () {
  "use strict";

  const E = () => window.earmark;

  function blankChannel() {
    return { id: null, name: "", url: "", enabled: true, events: [], sends_user_email: false };
  }

  function channelsPanel(labels) {
    return {
      labels, items: [], form: blankChannel(), busy: false, error: "", result: null,
      async init() { await this.load(); },
      async load() {
        try {
          const { data } = await E().api("GET", E().endpoints.notificationChannels);
          this.items = data.channels;
        } catch (err) {
          this.error = err.message;
        }
      },
      edit(item) {
        this.form = { ...item, url: "", events: [...item.events] };
        this.error = "";
        this.$nextTick(() => document.getElementById("channel-name").focus());
      },
      reset() { this.form = blankChannel(); this.error = ""; },
      async save() {
        this.busy = true; this.error = "";
        const { id, name, url, enabled, events, sends_user_email } = this.form;
        const body = { name, url, enabled, events, sends_user_email };
        try {
          if (id) await E().api("PUT", E().endpoints.notificationChannel(id), body);
          else await E().api("POST", E().endpoints.notificationChannels, body);
          E().toast(id ? "Channel saved." : "Channel added.", "green");
          this.reset();
          await this.load();
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      async test(item) {
        this.result = { name: item.name, ok: null, message: "Sending…" };
        try {
          const { data } = await E().api("POST", E().endpoints.testNotificationChannel(item.id));
          this.result = { name: item.name, ok: data.ok, message: data.message };
        } catch (err) {
          this.result = { name: item.name, ok: false, message: err.message };
        }
      },
      async remove(item) {
        if (!window.confirm(`Delete the channel "${item.name}"? It stops getting notifications.`)) return;
        const result = await E().act("DELETE", E().endpoints.notificationChannel(item.id), undefined, "Channel deleted.");
        if (result) this.items = this.items.filter((other) => other.id !== item.id);
      },
    };
  }

  function myNotifications() {
    return {
      urlIsSet: false, urlKind: null, url: "", email: "", events: [], emailAvailable: false,
      busy: false, error: "", result: null,
      async init() {
        try {
          const { data } = await E().api("GET", E().endpoints.myNotifications);
          this.apply(data);
        } catch (err) {
          this.error = err.message;
        }
      },
      apply(data) {
        this.urlIsSet = data.url_is_set; this.urlKind = data.url_kind; this.email = data.email;
        this.events = data.events; this.emailAvailable = data.email_available; this.url = "";
      },
      async save(removeUrl) {
        this.busy = true; this.error = "";
        const body = { email: this.email, events: this.events };
        if (removeUrl) body.url = "";
        else if (this.url.trim()) body.url = this.url.trim();
        try {
          const { data } = await E().api("PUT", E().endpoints.myNotifications, body);
          this.apply(data);
          E().toast("Notification settings saved.", "green");
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      async test() {
        this.result = { ok: null, message: "Sending…" };
        try {
          const { data } = await E().api("POST", E().endpoints.testMyNotifications);
          this.result = data;
        } catch (err) {
          this.result = { ok: false, message: err.message };
        }
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("channelsPanel", channelsPanel);
    window.Alpine.data("myNotifications", myNotifications);
  });
})();

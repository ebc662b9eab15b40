// The BookDate page: onboarding, the card stack with buttons and arrow keys, undo and history.
(function () {
  "use strict";
  const E = () => window.earmark;
  const DIRECTIONS = {
    left: { label: "Not interested", tone: "gray", done: "Skipped." },
    right: { label: "Requested", tone: "green", done: "Requested. Follow it under My requests." },
    up: { label: "Maybe later", tone: "yellow", done: "Saved for later." },
  };
  const KEYS = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up" };
  const OFF = "BookDate is off.";

  // 503 means the admin has not turned BookDate on; 502 means the model or catalog failed.
  function explain(err) {
    if (err.status === 503) return { title: OFF, message: err.message, retry: false };
    if (err.status === 502) {
      return { title: "The recommendation model did not answer usefully.", message: err.message, retry: true };
    }
    return { title: "Something went wrong.", message: err.message, retry: err.status === 0 };
  }

  window.bookDate = function (preferences, enabled) {
    return {
      prefs: { ...preferences, custom_prompt: preferences.custom_prompt || "" },
      editing: enabled && !preferences.onboarding_complete,
      cards: [], history: [], loading: false, busy: false, problem: null,
      placeholder: E().base + "/static/placeholder-cover.svg",
      init() {
        if (!enabled) {
          this.problem = { title: OFF, message: "An admin can turn it on under Settings → BookDate.", retry: false };
          return;
        }
        this.loadHistory();
        if (!this.editing) this.load(false);
      },
      // Like search results: the catalog's own picture, else Earmark's cached thumbnail.
      cover(card) { return card.cover_url || `${E().base}/api/covers/${encodeURIComponent(card.asin)}`; },
      direction(name) { return DIRECTIONS[name] || { label: name, tone: "gray" }; },
      async load(fresh) {
        this.loading = true; this.busy = true; this.problem = null;
        try {
          const { data } = fresh
            ? await E().api("POST", E().endpoints.bookdateRefresh)
            : await E().api("GET", E().endpoints.bookdateCards);
          this.cards = data.recommendations || [];
        } catch (err) {
          this.problem = explain(err);
        } finally {
          this.loading = false; this.busy = false;
        }
      },
      async loadHistory() {
        try {
          const { data } = await E().api("GET", E().endpoints.bookdateSwipes);
          this.history = data.items || [];
        } catch (err) {
          this.problem = explain(err);
        }
      },
      async savePreferences() {
        const firstTime = !preferences.onboarding_complete;
        this.busy = true; this.problem = null;
        const body = { library_scope: this.prefs.library_scope, custom_prompt: this.prefs.custom_prompt, onboarding_complete: true };
        try {
          await E().api("PUT", E().endpoints.bookdatePreferences, body);
          preferences.onboarding_complete = true;
          this.editing = false;
        } catch (err) {
          this.problem = explain(err);
          return;
        } finally {
          this.busy = false;
        }
        // Changed preferences only matter to a new batch; the first visit may still have cards.
        await this.load(!firstTime);
      },
      key(event) {
        const direction = KEYS[event.key];
        const tag = (event.target && event.target.tagName) || "";
        if (!direction || this.editing || this.busy || !this.cards.length) return;
        if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        this.swipe(direction);
      },
      async swipe(direction) {
        const card = this.cards[0];
        if (!card || this.busy) return;
        this.busy = true;
        try {
          const { data } = await E().api("POST", E().endpoints.bookdateSwipes, { recommendation_id: card.id, direction });
          this.cards = this.cards.filter((c) => c.id !== card.id);
          E().toast(data.notice || DIRECTIONS[direction].done, data.notice ? "yellow" : "green");
          await this.loadHistory();
        } catch (err) {
          E().toast(err.message, "red");
        } finally {
          this.busy = false;
        }
      },
      async undo() {
        this.busy = true;
        try {
          const { data } = await E().api("POST", E().endpoints.bookdateUndo);
          this.cards = [data.recommendation, ...this.cards.filter((c) => c.id !== data.recommendation.id)];
          E().toast(data.notice || "Undone; the card is back on top.", data.notice ? "yellow" : "green");
          await this.loadHistory();
        } catch (err) {
          E().toast(err.message, "red");
        } finally {
          this.busy = false;
        }
      },
    };
  };

  document.addEventListener("alpine:init", () => window.Alpine.data("bookDate", window.bookDate));
})();

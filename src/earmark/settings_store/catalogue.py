"""Every runtime setting Earmark knows, declared as typed sections (pydantic models).

A section's fields are stored under `<key_prefix><field name>` (e.g. `ranking.min_score`); their
titles, help, units, bounds and secret flags come from `core.setting_fields.setting`. `SETTINGS`
is derived from these sections and the products' (`definitions.py`): one `SettingDef` per key,
which the store uses to validate writes and forms use to render inputs. Code reads settings
through `ConfigService.section(Model)`.
"""

from __future__ import annotations

from typing import Annotated, Literal

import annotated_types
from pydantic import AfterValidator, BaseModel, ConfigDict

from earmark.core.setting_fields import (
    MAX_PATH_LENGTH,
    MAX_TEXT_LENGTH,
    PathText,
    SettingsSection,
    Text,
    Url,
    setting,
)
from earmark.integrations.catalog_sources.audible.settings import MARKETPLACES, marketplace
from earmark.integrations.indexers import AUDIOBOOK_CATEGORY
from earmark.integrations.product import Category
from earmark.integrations.products import names, settings_sections
from earmark.rule_codes import DISABLEABLE_RANKING_RULES, RankingRule
from earmark.settings_store.definitions import SettingDef, definitions_of

MIN_PRIORITY, MAX_PRIORITY = 1, 25
MAX_SEEDING_MINUTES = 10_000_000
MAX_RATIO = 1000.0
MAX_SCORE = 100.0


def _audible_region(value: str) -> str:
    if value not in MARKETPLACES:
        raise ValueError(f"must be one of Audible's regions: {', '.join(MARKETPLACES)}")
    return value


AudibleRegion = Annotated[str, AfterValidator(_audible_region)]
# The catalog languages of the marketplaces, each once ('' = the Audible region's language).
WANTED_LANGUAGES = ("", *dict.fromkeys(m.language for m in MARKETPLACES.values()))


def _wanted_language(value: str) -> str:
    if value not in WANTED_LANGUAGES:
        raise ValueError(f"must be empty or one of {', '.join(WANTED_LANGUAGES[1:])}")
    return value


WantedLanguage = Annotated[str, AfterValidator(_wanted_language)]


def _one_of(category: Category, *, optional: bool = False) -> AfterValidator:
    """A validator accepting the names of the registered products of `category` ('' if optional)."""

    def check(value: str) -> str:
        if optional and not value:
            return value
        if value not in names(category):
            raise ValueError(f"must be one of {', '.join(names(category))}")
        return value

    return AfterValidator(check)


def _disableable_rule(code: str) -> str:
    if code not in DISABLEABLE_RANKING_RULES:
        known = code in {rule.value for rule in RankingRule}
        problem = "cannot be switched off" if known else "is not a ranking rule"
        raise ValueError(
            f"{code} {problem}; rules that can be: {', '.join(DISABLEABLE_RANKING_RULES)}"
        )
    return code


DisableableRule = Annotated[str, AfterValidator(_disableable_rule)]
# Each code once, in the order given.
DisabledRules = Annotated[
    list[DisableableRule], AfterValidator(lambda codes: list(dict.fromkeys(codes)))
]
DownloadClientType = Annotated[str, _one_of("download_client")]
OptionalUsenetClientType = Annotated[str, _one_of("usenet_client", optional=True)]
MediaServerKind = Annotated[str, _one_of("media_server")]
LlmProvider = Annotated[str, _one_of("llm")]
OptionalLlmProvider = Annotated[str, _one_of("llm", optional=True)]


class SetupState(SettingsSection):
    group = "system"
    key_prefix = "setup."
    completed: bool = setting(False, title="Setup completed")


class SystemSettings(SettingsSection):
    group = "system"
    key_prefix = "system."
    audible_region: AudibleRegion = setting(
        "us",
        title="Audible region",
        description="The Audible store the catalog comes from",
        choices=tuple(MARKETPLACES),
    )


class MediaServerOptions(SettingsSection):
    group = "media_server"
    key_prefix = "media_server."
    kind: MediaServerKind = setting("plex", title="Media server", choices=names("media_server"))
    server_admins_are_admins: bool = setting(
        False,
        title="Server admins sign in as Earmark admins",
        description="For sign-in with the media server's own login (Audiobookshelf): its root "
        "and admin users start as Earmark admins. Off: they start as users; promote them in Users.",
    )


class PlexSettings(SettingsSection):
    group = "plex"
    key_prefix = "plex."
    machine_identifier: Text = setting("", title="Plex server machine identifier", max_length=200)
    client_identifier: Text = setting(
        "",
        title="Plex client identifier",
        description="Identifier Earmark sends to plex.tv (generated once, then kept)",
        max_length=200,
    )
    scan_after_import: bool = setting(True, title="Scan the book's folder right after import")


class IndexerChoice(BaseModel):
    """One Prowlarr indexer the admin chose, with its priority and seeding goals."""

    model_config = ConfigDict(extra="ignore")
    id: int = setting(..., title="Prowlarr indexer id", ge=0, le=2**31 - 1)
    name: Text = setting("", title="Indexer name", max_length=200)
    priority: int = setting(
        10,
        title="Priority",
        description="1 is the most preferred",
        ge=MIN_PRIORITY,
        le=MAX_PRIORITY,
    )
    rss: bool = setting(True, title="Watch this indexer's RSS feed")
    seeding_time_minutes: int = setting(
        0, title="Seeding time", unit="minutes", ge=0, le=MAX_SEEDING_MINUTES
    )
    ratio_limit: float = setting(
        0.0, title="Ratio limit", step=0.1, ge=0, le=MAX_RATIO, allow_inf_nan=False
    )


class IndexerChoices(SettingsSection):
    group = "indexer"
    key_prefix = "indexer."
    prowlarr_indexers: list[IndexerChoice] = setting(
        [],
        title="Selected indexers",
        description="Selected indexers with priority and seeding rules",
        max_length=500,
    )
    categories: list[Annotated[int, annotated_types.Interval(ge=0, le=999_999)]] = setting(
        [AUDIOBOOK_CATEGORY],
        title="Categories",
        description="Newznab/Torznab categories searched (3030 = audiobooks)",
        max_length=50,
    )
    flag_bonuses: dict[
        Annotated[Text, annotated_types.MaxLen(50)],
        Annotated[float, annotated_types.Interval(ge=-MAX_SCORE, le=MAX_SCORE)],
    ] = setting(
        {"freeleech": 5.0},
        title="Flag bonuses",
        description="Score points per indexer flag (e.g. freeleech)",
        max_length=50,
    )

    def ids(self) -> tuple[int, ...]:
        return tuple(choice.id for choice in self.prowlarr_indexers)

    def rss_ids(self) -> tuple[int, ...]:
        return tuple(choice.id for choice in self.prowlarr_indexers if choice.rss)

    def priorities(self) -> dict[int, int]:
        return {choice.id: choice.priority for choice in self.prowlarr_indexers}


class DownloadClientOptions(SettingsSection):
    group = "download_client"
    key_prefix = "download_client."
    type: DownloadClientType = setting(
        "qbittorrent", title="Download client", choices=names("download_client")
    )
    category: Text = setting(
        "earmark",
        title="Category",
        description="Category/label given to Earmark's torrents",
        max_length=100,
    )
    remote_path: PathText = setting(
        "",
        title="Path as the client sees it",
        description="Only when the client runs in another container",
        max_length=MAX_PATH_LENGTH,
    )
    local_path: PathText = setting(
        "",
        title="The same folder as Earmark sees it",
        max_length=MAX_PATH_LENGTH,
    )


class UsenetClientOptions(SettingsSection):
    """The usenet client beside the torrent client: usenet releases go to it (none: skipped)."""

    group = "usenet_client"
    key_prefix = "usenet_client."
    type: OptionalUsenetClientType = setting(
        "", title="Usenet client", choices=("", *names("usenet_client"))
    )
    category: Text = setting(
        "earmark",
        title="Usenet category",
        description="Category given to Earmark's NZBs (the client's folder for it)",
        max_length=100,
    )
    remote_path: PathText = setting(
        "",
        title="Path as the usenet client sees it",
        description="Only when the client runs in another container",
        max_length=MAX_PATH_LENGTH,
    )
    local_path: PathText = setting(
        "", title="The same folder as Earmark sees it", max_length=MAX_PATH_LENGTH
    )


class PathsSettings(SettingsSection):
    group = "paths"
    key_prefix = "paths."
    downloads: PathText = setting("/downloads", title="Download folder", max_length=MAX_PATH_LENGTH)
    media: PathText = setting(
        "/media/audiobooks", title="Library folder", max_length=MAX_PATH_LENGTH
    )
    template: PathText = setting(
        "{author}/{title}",
        title="Folder template",
        description="{author}, {title}, {series}, {series_position}, {year}, {narrator}",
        max_length=512,
    )


class ImportSettings(SettingsSection):
    group = "import"
    key_prefix = "import."
    metadata_tagging: bool = setting(True, title="Write tags into imported copies")
    duration_tolerance_percent: float = setting(
        10.0,
        title="Allowed runtime difference",
        description="How far the files' runtime may differ from the catalog's",
        unit="%",
        step=0.5,
        ge=0,
        le=100,
        allow_inf_nan=False,
    )
    max_retries: int = setting(
        5, title="Import attempts before a request needs attention", ge=1, le=100
    )
    existing_roots: PathText = setting(
        "",
        title="Folders existing files may be imported from",
        description="One or more folders, separated by ';'; the download folder is always allowed",
        max_length=4 * MAX_PATH_LENGTH,
    )


class RankingSettings(SettingsSection):
    group = "ranking"
    key_prefix = "ranking."
    min_score: float = setting(
        50.0,
        title="Confidence floor",
        description="Score (0 to 100) a release must reach to be downloaded",
        unit="points",
        step=1,
        ge=0,
        le=MAX_SCORE,
        allow_inf_nan=False,
    )
    disabled_rules: DisabledRules = setting(
        [],
        title="Rules switched off",
        description="Ticked rules are not applied (docs/ranking.md explains each)",
        choices=tuple(DISABLEABLE_RANKING_RULES),
        max_length=len(DISABLEABLE_RANKING_RULES),
    )

    wanted_language: WantedLanguage = setting(
        "",
        title="Wanted language",
        description="Language of the editions the household wants when a book's own language is "
        "unknown; not set: the Audible region's language (de: German, fr: French...)",
        choices=WANTED_LANGUAGES,
    )

    def disabled(self) -> frozenset[RankingRule]:
        return frozenset(RankingRule(code) for code in self.disabled_rules)

    def language_for(self, region: str) -> str:
        """The wanted language: the setting, else the language of the `region` marketplace."""
        return self.wanted_language or marketplace(region).language


class MonitorSettings(SettingsSection):
    group = "monitor"
    key_prefix = "monitor."
    stall_minutes: int = setting(
        30,
        title="Stall after",
        description="Minutes without progress before a download counts as stalled",
        unit="minutes",
        ge=1,
        le=7 * 24 * 60,
    )


class SeedingSettings(SettingsSection):
    group = "seeding"
    key_prefix = "seeding."
    default_time_minutes: int = setting(
        0,
        title="Seeding time",
        description="Seed time before cleanup (0 = forever)",
        unit="minutes",
        ge=0,
        le=MAX_SEEDING_MINUTES,
    )
    default_ratio: float = setting(
        0.0,
        title="Seeding ratio",
        description="Ratio before cleanup (0 = no ratio rule)",
        step=0.1,
        ge=0,
        le=MAX_RATIO,
        allow_inf_nan=False,
    )


MAX_REQUEST_QUOTA = 10_000


class RequestsSettings(SettingsSection):
    """What users may do unless their own permissions say otherwise (admins always may)."""

    group = "requests"
    key_prefix = "requests."
    auto_approve: bool = setting(
        True,
        title="Requests are approved automatically",
        description="Off: each request waits for an admin's approval before it is searched",
    )
    user_interactive_search: bool = setting(
        False, title="Users may search indexers interactively for their requests"
    )
    user_pick_release: bool = setting(False, title="Users may pick a release themselves")
    quota: int = setting(
        0,
        title="Request quota",
        description="Requests a user may make per period (0 = no limit)",
        ge=0,
        le=MAX_REQUEST_QUOTA,
    )
    quota_period: Literal["day", "week"] = setting("week", title="Quota period")


class AccountSettings(SettingsSection):
    group = "requests"
    key_prefix = "accounts."
    self_registration: bool = setting(
        False,
        title="People may register an account themselves",
        description="New accounts wait for an admin's approval before they can sign in",
    )


class BookDateSettings(SettingsSection):
    group = "bookdate"
    key_prefix = "bookdate."
    enabled: bool = setting(False, title="BookDate recommendations are on")
    provider: OptionalLlmProvider = setting(
        "", title="Provider", secret_url=True, choices=("", *names("llm"))
    )
    base_url: Url = setting(
        "",
        title="Base URL",
        description="For OpenAI-compatible local models (and proxies)",
        secret_url=True,
    )
    model: Text = setting("", title="Model", max_length=200)
    api_key: Text = setting("", title="Provider API key", secret=True, max_length=MAX_TEXT_LENGTH)


OidcAccessRule = Literal["groups", "allow_list", "approval", "anyone"]
ListEntry = Annotated[Text, annotated_types.MinLen(1), annotated_types.MaxLen(320)]


class OidcSettings(SettingsSection):
    """OpenID Connect sign-in (docs/auth.md); the client secret is bound to the issuer URL."""

    group = "oidc"
    key_prefix = "oidc."
    enabled: bool = setting(False, title="OpenID sign-in is on")
    issuer_url: Url = setting(
        "",
        title="Issuer URL",
        description="The provider's issuer, e.g. https://auth.example.com/application/o/earmark",
        secret_url=True,
    )
    client_id: Text = setting("", title="Client ID", max_length=255)
    client_secret: Text = setting(
        "", title="Client secret", secret=True, max_length=MAX_TEXT_LENGTH
    )
    scopes: Text = setting(
        "openid profile email groups",
        title="Scopes",
        description="Space-separated; 'openid' is always sent",
        max_length=MAX_TEXT_LENGTH,
    )
    button_label: Text = setting(
        "Sign in with OpenID", title="Sign-in button label", min_length=1, max_length=60
    )
    access_rule: OidcAccessRule = setting(
        "groups",
        title="Who may sign in",
        description="With approval, a new account waits (disabled) until an admin enables it "
        "on the Users page",
    )
    groups_claim: Text = setting("groups", title="Groups claim", min_length=1, max_length=100)
    allowed_groups: list[ListEntry] = setting(
        [],
        title="Allowed groups",
        description="Groups whose members may sign in, e.g. earmark",
        max_length=100,
    )
    allowed_users: list[ListEntry] = setting(
        [],
        title="Allowed usernames or e-mails",
        description="One username or e-mail per entry, e.g. alice or bob@example.com",
        max_length=500,
    )
    admin_claim: Text = setting(
        "groups",
        title="Admin claim",
        description="Claim that makes an account admin (checked at each sign-in)",
        max_length=100,
    )
    admin_value: Text = setting(
        "",
        title="Admin value",
        description="Value (or group) of the admin claim that grants admin; empty: roles are "
        "set by hand on the Users page",
        max_length=255,
    )
    allow_local_sign_in: bool = setting(
        True,
        title="Allow username and password sign-in",
        description="Off: only OpenID (and Plex); the setup admin still can at /login?local=1",
    )

    @property
    def configured(self) -> bool:
        return self.enabled and bool(self.issuer_url and self.client_id)

    def local_sign_in_allowed(self) -> bool:
        """Turning local sign-in off takes effect only once OpenID is set up, so nobody is locked out."""
        return self.allow_local_sign_in or not self.configured


EbookFormatName = Literal["epub", "azw3", "mobi", "pdf"]
# Each format once, in the order given.
EbookFormats = Annotated[
    list[EbookFormatName], AfterValidator(lambda formats: list(dict.fromkeys(formats)))
]


class EbookSettings(SettingsSection):
    """Ebook companions (docs/ebooks.md): off until an admin turns them on."""

    group = "ebooks"
    key_prefix = "ebooks."
    enabled: bool = setting(
        False,
        title="Ebook companions are on",
        description="Requests may also get the book's ebook from the same indexers",
    )
    formats: EbookFormats = setting(
        ["epub", "azw3", "mobi", "pdf"],
        title="Preferred ebook formats",
        description="Best first; formats not listed are refused",
        min_length=1,
        max_length=4,
    )
    categories: list[Annotated[int, annotated_types.Interval(ge=0, le=999_999)]] = setting(
        [7000, 7020],
        title="Ebook categories",
        description="Newznab/Torznab categories searched for ebooks (7000 Books, 7020 EBook)",
        min_length=1,
        max_length=50,
    )
    placement: Literal["audiobook_folder", "ebook_folder"] = setting(
        "audiobook_folder",
        title="Where ebooks go",
        description="Into the audiobook's folder, or into the ebook library folder below",
    )
    folder: PathText = setting(
        "",
        title="Ebook library folder",
        description="Used when ebooks go into their own folder",
        max_length=MAX_PATH_LENGTH,
    )
    min_score: float = setting(
        50.0,
        title="Ebook confidence floor",
        unit="points",
        step=1,
        ge=0,
        le=MAX_SCORE,
        allow_inf_nan=False,
    )


SECTIONS: tuple[type[SettingsSection], ...] = (
    SetupState,
    SystemSettings,
    MediaServerOptions,
    *settings_sections("media_server"),
    PlexSettings,
    *settings_sections("indexer"),
    IndexerChoices,
    DownloadClientOptions,
    *settings_sections("download_client"),
    UsenetClientOptions,
    *settings_sections("usenet_client"),
    PathsSettings,
    ImportSettings,
    RankingSettings,
    MonitorSettings,
    SeedingSettings,
    RequestsSettings,
    AccountSettings,
    BookDateSettings,
    OidcSettings,
    EbookSettings,
)


SETTINGS: dict[str, SettingDef] = {
    setting_def.key: setting_def for section in SECTIONS for setting_def in definitions_of(section)
}

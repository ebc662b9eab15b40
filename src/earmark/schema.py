"""Every table Earmark owns, gathered so schema push and key rotation see the whole model."""

from __future__ import annotations

from sqlalchemy import MetaData

from earmark.bookdate import models as bookdate_models
from earmark.catalog import models as catalog_models
from earmark.db.base import Base
from earmark.downloads import models as download_models
from earmark.ebooks import models as ebook_models
from earmark.library import models as library_models
from earmark.notifications import models as notification_models
from earmark.queue import models as queue_models
from earmark.queue import schedule_models
from earmark.requests import models as request_models
from earmark.series import models as series_models
from earmark.settings_store import models as settings_models
from earmark.users import models as user_models

MODEL_MODULES = (
    user_models,
    catalog_models,
    request_models,
    download_models,
    library_models,
    settings_models,
    queue_models,
    schedule_models,
    bookdate_models,
    notification_models,
    ebook_models,
    series_models,
)


def metadata() -> MetaData:
    return Base.metadata

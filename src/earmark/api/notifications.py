"""Notification channels (admins) and each user's own notification settings (docs/notifications.md).

Sending a test talks to the outside service, so those routes are plain `def` (run in the thread
pool) and wait at most the sender's timeout; the answer is `{ok, message}` with the plain error.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from earmark.api.access import CurrentAdmin, CurrentUser, ServicesDep
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.notifications.schemas import (
    ChannelIn,
    ChannelList,
    ChannelOut,
    MyNotificationsIn,
    MyNotificationsOut,
    SendOutcome,
)
from earmark.notifications.service import NotificationService

channels = APIRouter(
    route_class=PooledRoute, prefix="/api/admin/notifications/channels", tags=["admin"]
)
mine = APIRouter(route_class=PooledRoute, prefix="/api/account/notifications", tags=["auth"])


def notification_service(services: ServicesDep) -> NotificationService:
    return services.notifications


Notifications = Annotated[NotificationService, Depends(notification_service)]


@channels.get("")
def list_channels(_: CurrentAdmin, service: Notifications) -> ChannelList:
    return ChannelList(channels=service.list_channels())


@channels.post("", status_code=status.HTTP_201_CREATED)
def create_channel(body: ChannelIn, _: CurrentAdmin, service: Notifications) -> ChannelOut:
    return service.create_channel(body)


@channels.put("/{channel_id}")
def update_channel(
    channel_id: uuid.UUID, body: ChannelIn, _: CurrentAdmin, service: Notifications
) -> ChannelOut:
    return service.update_channel(channel_id, body)


@channels.delete("/{channel_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_channel(channel_id: uuid.UUID, _: CurrentAdmin, service: Notifications) -> None:
    service.delete_channel(channel_id)


@channels.post("/{channel_id}/test")
@calls_out
def test_channel(channel_id: uuid.UUID, _: CurrentAdmin, service: Notifications) -> SendOutcome:
    return service.test_channel(channel_id)


@mine.get("")
def my_settings(user: CurrentUser, service: Notifications) -> MyNotificationsOut:
    return service.my_settings(user.id)


@mine.put("")
def save_my_settings(
    body: MyNotificationsIn, user: CurrentUser, service: Notifications
) -> MyNotificationsOut:
    return service.save_my_settings(user.id, body)


@mine.post("/test")
@calls_out
def test_mine(user: CurrentUser, service: Notifications) -> SendOutcome:
    return service.test_mine(user.id)

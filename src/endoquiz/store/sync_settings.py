"""The settings of one computer alone that sync keeps in the progress database, never synced."""

from __future__ import annotations

__all__ = ["DEVICE_KEY", "LOCAL_SETTING_PREFIX", "SYNC_FOLDER_KEY"]

# A setting whose key starts so is this computer's: the folder, the device id.
LOCAL_SETTING_PREFIX = "sync."
DEVICE_KEY = "sync.device"
SYNC_FOLDER_KEY = "sync.folder"

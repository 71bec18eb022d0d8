"""The settings of one computer alone that sync keeps in the progress database, never synced."""

from __future__ import annotations

__all__ = ["DEVICE_KEY", "HISTORY_KEY", "LOCAL_SETTING_PREFIX", "SYNC_FOLDER_KEY"]

# A setting whose key starts so is this computer's: the folder, the device id.
LOCAL_SETTING_PREFIX = "sync."
DEVICE_KEY = "sync.device"
SYNC_FOLDER_KEY = "sync.folder"
# Set once the review log holds an answer logged as history (given before
# its computer synced): a merge then logs an answer once by its card, moment
# and mode, not by its event id alone (`SyncLog.add_answer_rows`).
HISTORY_KEY = "sync.history"

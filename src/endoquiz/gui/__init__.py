"""The Qt desktop app: widgets only, every decision is made by the core API."""

"""Importers: turn third-party result databases into scrutineer season records (facts only)."""

"""Handover."""
